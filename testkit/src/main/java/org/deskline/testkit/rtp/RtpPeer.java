package org.deskline.testkit.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.deskline.testkit.Await;
import org.deskline.testkit.net.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP RTP endpoint on 127.0.0.1 for tests: sends G.711 audio and RFC 4733 DTMF paced at 20 ms,
 * and records every packet it receives.
 *
 * <p>Binds an even port and the odd port above it (RTCP, bound so that peers sending RTCP get no
 * ICMP errors, never read). Threads: one receiver thread, and one sender thread started by the
 * first send; both are daemons and stop on {@link #close()}. All methods are thread-safe.
 *
 * <p>Sending: one 20 ms clock drives the stream. On each tick the sender emits, in priority order,
 * a DTMF event packet, an audio frame, or nothing; the RTP timestamp advances by 160 on every tick
 * either way, so timestamps reflect wall-clock time. A DTMF event is a start packet (marker set,
 * duration 160), updates every 20 ms, and the end packet sent three times, all with the event's
 * start timestamp; audio is suppressed while an event plays.
 */
public final class RtpPeer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtpPeer.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int DTMF_VOLUME = 10;

    private final String name;
    private final DatagramSocket socket;
    private final DatagramSocket rtcpSocket;
    private final Thread receiver;
    private final Object rxLock = new Object();
    private final List<RtpPacket> received = new ArrayList<>();
    private final Map<Long, DtmfEvent> dtmfByTimestamp = new LinkedHashMap<>();
    private final Object txLock = new Object();
    private final Deque<PendingDigit> dtmfQueue = new ArrayDeque<>();
    private final long ssrc = ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);

    private volatile InetSocketAddress remote;
    private volatile boolean symmetric;
    private volatile int payloadType = G711.PCMU;
    private volatile int dtmfPayloadType = 101;
    private volatile boolean sendingEnabled = true;
    private volatile boolean closed;

    // guarded by txLock
    private Thread sender;
    private short[] source;
    private int sourcePosition;
    private boolean loopSource;
    private boolean talkspurtStart = true;
    private ActiveDigit activeDigit;
    private int gapTicksLeft;
    private int sequence = ThreadLocalRandom.current().nextInt(0, 0x10000);
    private long clock = ThreadLocalRandom.current().nextLong(0, 0x100000000L);
    private long sentPackets;

    private RtpPeer(String name, DatagramSocket socket, DatagramSocket rtcpSocket) {
        this.name = name;
        this.socket = socket;
        this.rtcpSocket = rtcpSocket;
        this.receiver = new Thread(this::receiveLoop, "rtp-rx-" + name + "-" + socket.getLocalPort());
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    /** Opens a peer on a free even port pair of 127.0.0.1. */
    public static RtpPeer open(String name) {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int port = Ports.freeEvenPortPair();
            DatagramSocket rtp = null;
            try {
                rtp = new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, port));
                DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, port + 1));
                rtp.setSoTimeout(200);
                rtp.setReceiveBufferSize(1 << 20);
                return new RtpPeer(name, rtp, rtcp);
            } catch (IOException e) {
                last = e;
                if (rtp != null) {
                    rtp.close();
                }
            }
        }
        throw new IllegalStateException("cannot bind an RTP port pair on 127.0.0.1", last);
    }

    public static RtpPeer open() {
        return open("peer");
    }

    public String name() {
        return name;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Where packets are sent; nothing is sent until a remote is known. */
    public RtpPeer remote(InetSocketAddress address) {
        this.remote = address;
        return this;
    }

    public RtpPeer remote(String host, int port) {
        return remote(new InetSocketAddress(host, port));
    }

    public Optional<InetSocketAddress> remote() {
        return Optional.ofNullable(remote);
    }

    /** Symmetric RTP: when no remote is set, send to the source of the first packet received. */
    public RtpPeer symmetric(boolean on) {
        this.symmetric = on;
        return this;
    }

    /** The G.711 payload type used for audio: {@link G711#PCMU} (default) or {@link G711#PCMA}. */
    public RtpPeer payloadType(int pt) {
        if (!G711.isG711(pt)) {
            throw new IllegalArgumentException("only PCMU (0) and PCMA (8) are supported: " + pt);
        }
        this.payloadType = pt;
        return this;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The telephone-event payload type, for sending and for decoding received events (default 101). */
    public RtpPeer dtmfPayloadType(int pt) {
        this.dtmfPayloadType = pt;
        return this;
    }

    public int dtmfPayloadType() {
        return dtmfPayloadType;
    }

    /** Pauses (false) or resumes (true) all sending, e.g. while held; the clock keeps running. */
    public RtpPeer sendingEnabled(boolean on) {
        this.sendingEnabled = on;
        return this;
    }

    // ---------------------------------------------------------------- sending

    /** Sends a continuous sine tone (amplitude 8000, about -12 dBFS) until stopped. */
    public RtpPeer startTone(double hz) {
        return startTone(hz, 8000);
    }

    public RtpPeer startTone(double hz, int amplitude) {
        // a whole number of periods per second so that looping one second is seamless
        return startAudio(Audio.tone(Math.round(hz), amplitude, 1000), true);
    }

    /** Sends 8 kHz samples, once or looped, until stopped. */
    public RtpPeer startAudio(short[] samples, boolean loop) {
        synchronized (txLock) {
            this.source = samples.clone();
            this.sourcePosition = 0;
            this.loopSource = loop;
            this.talkspurtStart = true;
            ensureSender();
        }
        return this;
    }

    /** Sends an 8 kHz mono 16-bit WAV file. */
    public RtpPeer startWav(Path file, boolean loop) {
        Wav.Audio audio = Wav.read(file);
        if (audio.sampleRate() != Audio.SAMPLE_RATE || audio.channels() != 1) {
            throw new IllegalArgumentException(file + " must be 8 kHz mono, is " + audio);
        }
        return startAudio(audio.samples(), loop);
    }

    public RtpPeer stopAudio() {
        synchronized (txLock) {
            this.source = null;
        }
        return this;
    }

    /** Queues RFC 4733 digits (100 ms each, 60 ms apart); the future completes after the last end packet. */
    public CompletableFuture<Void> sendDtmfAsync(String digits) {
        return sendDtmfAsync(digits, 100, 60);
    }

    public CompletableFuture<Void> sendDtmfAsync(String digits, int durationMillis, int gapMillis) {
        if (digits.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        int durationTicks = Math.max(1, durationMillis / 20);
        int gapTicks = Math.max(1, gapMillis / 20);
        synchronized (txLock) {
            for (int i = 0; i < digits.length(); i++) {
                boolean last = i == digits.length() - 1;
                dtmfQueue.add(new PendingDigit(DtmfEvent.eventOf(digits.charAt(i)), durationTicks, gapTicks,
                        last ? done : null));
            }
            ensureSender();
        }
        return done;
    }

    /** Sends digits and waits until the last end packet went out. */
    public void sendDtmf(String digits) {
        sendDtmf(digits, 100, 60);
    }

    public void sendDtmf(String digits, int durationMillis, int gapMillis) {
        if (remote == null) {
            throw new IllegalStateException(name + ": no remote RTP address to send DTMF to");
        }
        long bound = (long) digits.length() * (durationMillis + gapMillis + 100) + 2000;
        try {
            sendDtmfAsync(digits, durationMillis, gapMillis).get(bound, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + ": DTMF '" + digits + "' not sent within " + bound + " ms", e);
        }
    }

    public long sentPackets() {
        synchronized (txLock) {
            return sentPackets;
        }
    }

    private void ensureSender() {
        if (sender == null && !closed) {
            sender = new Thread(this::sendLoop, "rtp-tx-" + name + "-" + port());
            sender.setDaemon(true);
            sender.start();
        }
    }

    private void sendLoop() {
        long next = System.nanoTime();
        while (!closed) {
            tick();
            next += TICK_NANOS;
            long now = System.nanoTime();
            if (now - next > 5 * TICK_NANOS) {
                next = now; // fell far behind (GC, loaded machine): resume pacing instead of bursting
            }
            long wait;
            while ((wait = next - System.nanoTime()) > 0 && !closed) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void tick() {
        byte[] packet = null;
        CompletableFuture<Void> finished = null;
        InetSocketAddress target = remote;
        synchronized (txLock) {
            if (activeDigit == null && gapTicksLeft > 0) {
                gapTicksLeft--;
            }
            if (activeDigit == null && gapTicksLeft == 0 && !dtmfQueue.isEmpty()) {
                activeDigit = new ActiveDigit(dtmfQueue.poll(), clock);
            }
            if (activeDigit != null) {
                packet = nextDtmfPacket();
                if (activeDigit.endsSent == 3) {
                    finished = activeDigit.digit.done;
                    gapTicksLeft = activeDigit.digit.gapTicks;
                    activeDigit = null;
                    talkspurtStart = true;
                }
            } else if (source != null) {
                short[] frame = nextFrame();
                if (frame != null) {
                    packet = RtpPacket.build(payloadType, talkspurtStart, nextSequence(), clock, ssrc,
                            G711.encode(payloadType, frame, 0, frame.length));
                    talkspurtStart = false;
                }
            }
            clock = (clock + Audio.FRAME) & 0xFFFFFFFFL;
            if (packet != null && (target == null || !sendingEnabled)) {
                packet = null;
            }
            if (packet != null) {
                sentPackets++;
            }
        }
        if (packet != null) {
            try {
                socket.send(new DatagramPacket(packet, packet.length, target));
            } catch (IOException e) {
                if (!closed) {
                    log.debug("{}: RTP send to {} failed: {}", name, target, e.toString());
                }
            }
        }
        if (finished != null) {
            finished.complete(null);
        }
    }

    private byte[] nextDtmfPacket() {
        ActiveDigit d = activeDigit;
        boolean start = d.ticksSent == 0;
        int target = d.digit.durationTicks * Audio.FRAME;
        int duration = Math.min(target, (d.ticksSent + 1) * Audio.FRAME);
        boolean end = duration >= target;
        d.ticksSent++;
        if (end) {
            d.endsSent++;
        }
        ByteBuffer payload = ByteBuffer.allocate(4);
        payload.put((byte) d.digit.event).put((byte) ((end ? 0x80 : 0) | DTMF_VOLUME)).putShort((short) duration);
        return RtpPacket.build(dtmfPayloadType, start, nextSequence(), d.timestamp, ssrc, payload.array());
    }

    private short[] nextFrame() {
        if (sourcePosition >= source.length) {
            if (!loopSource || source.length == 0) {
                source = null;
                return null;
            }
            sourcePosition = 0;
        }
        short[] frame = new short[Audio.FRAME];
        for (int i = 0; i < frame.length; i++) {
            if (sourcePosition >= source.length) {
                if (!loopSource) {
                    break;
                }
                sourcePosition = 0;
            }
            frame[i] = source[sourcePosition++];
        }
        return frame;
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }

    // -------------------------------------------------------------- receiving

    private void receiveLoop() {
        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                datagram.setLength(buffer.length);
                socket.receive(datagram);
                long now = System.nanoTime();
                InetSocketAddress from = (InetSocketAddress) datagram.getSocketAddress();
                RtpPacket.parse(now, from, buffer, datagram.getLength()).ifPresent(this::record);
                if (symmetric && remote == null) {
                    remote = from;
                }
            } catch (SocketTimeoutException e) {
                // re-check closed
            } catch (SocketException e) {
                if (!closed) {
                    log.warn("{}: RTP socket failed", name, e);
                }
                return;
            } catch (IOException e) {
                log.debug("{}: RTP receive failed: {}", name, e.toString());
            }
        }
    }

    private void record(RtpPacket packet) {
        synchronized (rxLock) {
            received.add(packet);
            if (packet.payloadType() == dtmfPayloadType && packet.payload().length >= 4) {
                ByteBuffer in = ByteBuffer.wrap(packet.payload());
                int event = in.get() & 0xFF;
                int flags = in.get() & 0xFF;
                int duration = in.getShort() & 0xFFFF;
                boolean end = (flags & 0x80) != 0;
                DtmfEvent known = dtmfByTimestamp.get(packet.timestamp());
                if (known == null) {
                    dtmfByTimestamp.put(packet.timestamp(), new DtmfEvent(DtmfEvent.digitOf(event), event,
                            packet.timestamp(), duration, end, flags & 0x3F, packet.arrivalNanos(), 1, packet.marker()));
                } else {
                    dtmfByTimestamp.put(packet.timestamp(), known.update(duration, end, packet.marker()));
                }
            }
            rxLock.notifyAll();
        }
    }

    /** A snapshot of every packet received, in arrival order. */
    public List<RtpPacket> received() {
        synchronized (rxLock) {
            return List.copyOf(received);
        }
    }

    public int receivedCount() {
        synchronized (rxLock) {
            return received.size();
        }
    }

    /** Received G.711 audio packets (telephone events and other payload types excluded). */
    public List<RtpPacket> receivedAudioPackets() {
        synchronized (rxLock) {
            return received.stream().filter(p -> G711.isG711(p.payloadType())).collect(Collectors.toList());
        }
    }

    /** The received G.711 audio decoded to 8 kHz linear PCM, in arrival order. */
    public short[] receivedAudio() {
        List<RtpPacket> audio = receivedAudioPackets();
        int total = audio.stream().mapToInt(p -> p.payload().length).sum();
        short[] out = new short[total];
        int at = 0;
        for (RtpPacket p : audio) {
            short[] pcm = G711.decode(p.payloadType(), p.payload());
            System.arraycopy(pcm, 0, out, at, pcm.length);
            at += pcm.length;
        }
        return out;
    }

    /** RMS energy of the received audio in linear units (silence is 0, the default tone about 5600). */
    public double receivedRms() {
        return Audio.rms(receivedAudio());
    }

    /** Mean time between consecutive audio packets (about 20 ms for a healthy stream). */
    public Duration meanInterArrival() {
        List<RtpPacket> audio = receivedAudioPackets();
        if (audio.size() < 2) {
            return Duration.ZERO;
        }
        long span = audio.get(audio.size() - 1).arrivalNanos() - audio.get(0).arrivalNanos();
        return Duration.ofNanos(span / (audio.size() - 1));
    }

    /** Received telephone events, one per RTP timestamp, in arrival order. */
    public List<DtmfEvent> receivedDtmfEvents() {
        synchronized (rxLock) {
            return List.copyOf(dtmfByTimestamp.values());
        }
    }

    /** The digits of the received telephone events, e.g. "123#". */
    public String receivedDigits() {
        return receivedDtmfEvents().stream().map(e -> String.valueOf(e.digit())).collect(Collectors.joining());
    }

    public void clearReceived() {
        synchronized (rxLock) {
            received.clear();
            dtmfByTimestamp.clear();
        }
    }

    /** Asserts that at least {@code count} packets (of any type) arrive within {@code within}. */
    public void awaitPackets(int count, Duration within) {
        Await.until(within, name + " to receive " + count + " RTP packets", () -> receivedCount() >= count,
                this::describe);
    }

    /** Asserts that at least {@code count} G.711 audio packets arrive within {@code within}. */
    public void awaitAudioPackets(int count, Duration within) {
        Await.value(within, name + " to receive " + count + " RTP audio packets",
                () -> receivedAudioPackets().size() >= count ? Optional.of(true) : Optional.empty(),
                this::describe, rxLock);
    }

    /** Asserts that the received telephone events spell {@code digits} (all ended) within {@code within}. */
    public void awaitDigits(String digits, Duration within) {
        Await.value(within, name + " to receive DTMF '" + digits + "'", () -> {
            List<DtmfEvent> events = receivedDtmfEvents();
            boolean done = receivedDigits().equals(digits) && events.stream().allMatch(DtmfEvent::ended);
            return done ? Optional.of(true) : Optional.empty();
        }, this::describe, rxLock);
    }

    /** A one-paragraph summary for failure messages: ports, counts, payload types, DTMF seen. */
    public String describe() {
        List<RtpPacket> all = received();
        Map<Integer, Long> byType = new TreeMap<>();
        for (RtpPacket p : all) {
            byType.merge(p.payloadType(), 1L, Long::sum);
        }
        return String.format("RTP peer %s local %s remote %s: sent %d, received %d (by payload type %s, sources %s),"
                        + " audio rms %.0f, mean inter-arrival %.1f ms, DTMF events %s",
                name, localAddress(), remote, sentPackets(), all.size(), byType,
                all.stream().map(RtpPacket::source).distinct().collect(Collectors.toList()),
                receivedRms(), meanInterArrival().toNanos() / 1e6, receivedDtmfEvents());
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread s;
        synchronized (txLock) {
            s = sender;
            dtmfQueue.forEach(d -> {
                if (d.done != null) {
                    d.done.completeExceptionally(new IllegalStateException(name + " closed"));
                }
            });
            dtmfQueue.clear();
        }
        if (s != null) {
            LockSupport.unpark(s);
        }
        socket.close();
        rtcpSocket.close();
        try {
            receiver.join(1000);
            if (s != null) {
                s.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RtpPeer[" + name + " " + localAddress() + " -> " + remote + "]";
    }

    private record PendingDigit(int event, int durationTicks, int gapTicks, CompletableFuture<Void> done) {
    }

    private static final class ActiveDigit {
        final PendingDigit digit;
        final long timestamp;
        int ticksSent;
        int endsSent;

        ActiveDigit(PendingDigit digit, long timestamp) {
            this.digit = digit;
            this.timestamp = timestamp;
        }
    }
}
