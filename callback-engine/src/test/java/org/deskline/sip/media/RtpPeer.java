package org.deskline.sip.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A phone's RTP side for tests: a plain blocking DatagramSocket on 127.0.0.1 that writes SDP, receives and sends RTP. */
final class RtpPeer implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final DatagramSocket socket;
    private int sequence = 1000;

    RtpPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port());
    }

    /** An offer as a phone writes it: audio on this peer's port, {@code formats} in order, rtpmaps for G.711 and 101. */
    String offer(String formats, String direction) {
        return "v=0\r\n"
                + "o=phone 1 1 IN IP4 127.0.0.1\r\n"
                + "s=call\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port() + " RTP/AVP " + formats + "\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=" + direction + "\r\n";
    }

    String offer(String formats) {
        return offer(formats, "sendrecv");
    }

    record Packet(long arrivalNanos, boolean marker, int payloadType, int sequence, long timestamp, int ssrc,
                  byte[] payload) {
    }

    /** Packets until {@code max} arrived or none arrived for {@code idle}. */
    List<Packet> receive(int max, Duration idle) {
        List<Packet> packets = new ArrayList<>();
        byte[] buf = new byte[2048];
        try {
            socket.setSoTimeout((int) idle.toMillis());
            while (packets.size() < max) {
                DatagramPacket dp = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(dp);
                } catch (SocketTimeoutException e) {
                    break;
                }
                long now = System.nanoTime();
                ByteBuffer b = ByteBuffer.wrap(buf, 0, dp.getLength());
                int b1 = b.get(1) & 0xFF;
                packets.add(new Packet(now, (b1 & 0x80) != 0, b1 & 0x7F, b.getShort(2) & 0xFFFF,
                        b.getInt(4) & 0xFFFFFFFFL, b.getInt(8), Arrays.copyOfRange(buf, 12, dp.getLength())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packets;
    }

    /**
     * One RFC 4733 packet for {@code key} to {@code port} on loopback.
     *
     * @param timestamp the event's start, shared by all its packets
     */
    void sendEvent(int port, int payloadType, int ssrc, long timestamp, boolean marker, int event, boolean end,
                   int duration) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) 0x80);
        b.put((byte) ((marker ? 0x80 : 0) | payloadType));
        b.putShort((short) sequence++);
        b.putInt((int) timestamp);
        b.putInt(ssrc);
        b.put((byte) event);
        b.put((byte) ((end ? 0x80 : 0) | 10));
        b.putShort((short) duration);
        send(port, b.array());
    }

    /** A full event as a phone sends it: start (marker), two updates, three end packets. */
    void pressKey(int port, int ssrc, long timestamp, int event) {
        sendEvent(port, 101, ssrc, timestamp, true, event, false, 160);
        sendEvent(port, 101, ssrc, timestamp, false, event, false, 320);
        sendEvent(port, 101, ssrc, timestamp, false, event, false, 480);
        for (int i = 0; i < 3; i++) {
            sendEvent(port, 101, ssrc, timestamp, false, event, true, 640);
        }
    }

    void send(int port, byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, LOOPBACK, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
