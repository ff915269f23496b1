package org.deskline.sip.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one session: drains its socket, latches the peer's address and turns RFC
 * 4733 events into keys. Audio is read and dropped; the server only needs keys from callers.
 *
 * <p>Symmetric RTP (latching): a phone behind NAT writes its private address into SDP, but its
 * packets arrive from the NAT's public address. The first well-formed RTP packet (version 2, a
 * payload type of the negotiated stream) fixes the peer's address, and from then on we send there
 * instead of to the SDP address, and ignore packets from any other source, so a third party cannot
 * inject keys. A new offer/answer that changes the SDP address forgets the latch. Until the first
 * packet arrives we send to the SDP address.
 *
 * <p>Threading: {@link #onReadable} and {@link #deliver} run on the receive (selector) thread only;
 * {@link #latched()}, {@link #resetLatch()} and {@link #listener} are safe from any thread.
 */
final class RtpReceiver {
    private static final Logger log = LoggerFactory.getLogger(RtpReceiver.class);
    /** Datagrams read per wake-up before other sessions get their turn. */
    private static final int MAX_READS_PER_WAKEUP = 32;

    private final String label;
    private final MediaSession session;
    private final DatagramChannel channel;
    private final DtmfDetector detector = new DtmfDetector();
    private volatile InetSocketAddress latched;
    private volatile Consumer<Character> listener;

    RtpReceiver(String label, MediaSession session, DatagramChannel channel) {
        this.label = label;
        this.session = session;
        this.channel = channel;
    }

    void listener(Consumer<Character> l) {
        this.listener = l;
    }

    InetSocketAddress latched() {
        return latched;
    }

    void resetLatch() {
        latched = null;
    }

    /** Reads what the socket holds; {@code buf} is the selector thread's scratch buffer. */
    void onReadable(ByteBuffer buf) {
        for (int i = 0; i < MAX_READS_PER_WAKEUP; i++) {
            buf.clear();
            SocketAddress from;
            try {
                from = channel.receive(buf);
            } catch (IOException e) {
                log.debug("{}: receive failed: {}", label, e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            buf.flip();
            onDatagram(buf, (InetSocketAddress) from);
        }
    }

    /**
     * Hands {@code key} to the listener; a throwing listener is logged and does not stop the thread.
     * Keys are never logged: they may be PIN digits.
     */
    void deliver(char key) {
        Consumer<Character> l = listener;
        if (l == null) {
            log.debug("{}: a key arrived with no listener", label);
            return;
        }
        try {
            l.accept(key);
        } catch (RuntimeException e) {
            log.error("{}: DTMF listener failed", label, e);
        }
    }

    private void onDatagram(ByteBuffer buf, InetSocketAddress from) {
        int length = buf.limit();
        if (length < 12) {
            return;
        }
        int b0 = buf.get(0) & 0xFF;
        if ((b0 >>> 6) != 2) {
            return;
        }
        int payloadType = buf.get(1) & 0x7F;
        StreamParams params = session.params();
        if (params == null || !params.accepts(payloadType)) {
            return;
        }
        int offset = 12 + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (length < offset + 4) {
                return;
            }
            offset += 4 + 4 * (buf.getShort(offset + 2) & 0xFFFF);
        }
        int end = length;
        if ((b0 & 0x20) != 0) {
            end -= buf.get(length - 1) & 0xFF;
        }
        if (end < offset) {
            return;
        }
        if (!latch(from, params)) {
            return;
        }
        if (payloadType == params.eventPayloadType()) {
            char key = detector.onPacket(buf.getInt(8), buf.getInt(4), buf, offset, end - offset);
            if (key != 0) {
                log.debug("{}: a key (RFC 4733)", label);
                deliver(key);
            }
        }
    }

    private boolean latch(InetSocketAddress from, StreamParams params) {
        InetSocketAddress current = latched;
        if (current == null) {
            latched = from;
            if (from.equals(params.remote())) {
                log.debug("{}: RTP from {} as the SDP said", label, from);
            } else {
                log.info("{}: RTP arrives from {} while the SDP said {}; sending there (symmetric RTP)",
                        label, from, params.remote());
            }
            return true;
        }
        return current.equals(from);
    }
}
