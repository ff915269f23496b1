package org.deskline.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.deskline.testkit.Await;

/**
 * A raw UDP socket on a free port of 127.0.0.1 for robustness tests: sends arbitrary bytes
 * (malformed SIP, garbage, oversized datagrams) and records every datagram that comes back.
 * A daemon thread receives; all methods are thread-safe.
 */
public final class RawUdp implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread receiver;
    private final List<Datagram> received = new ArrayList<>();
    private int claimed;
    private volatile boolean closed;

    private RawUdp(DatagramSocket socket) {
        this.socket = socket;
        this.receiver = new Thread(this::receiveLoop, "raw-udp-" + socket.getLocalPort());
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    public static RawUdp open() {
        for (int attempt = 0; ; attempt++) {
            try {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ports.LOOPBACK, Ports.freePort()));
                socket.setSoTimeout(200);
                return new RawUdp(socket);
            } catch (SocketException e) {
                if (attempt == 9) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public RawUdp send(String host, int port, byte[] data) {
        try {
            socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(host, port)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + data.length + " bytes to " + host + ":" + port, e);
        }
    }

    /** Sends {@code text} as UTF-8 (use {@link SipText#fill} to build SIP with correct CRLF and Content-Length). */
    public RawUdp send(String host, int port, String text) {
        return send(host, port, text.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized List<Datagram> received() {
        return List.copyOf(received);
    }

    /** Waits for the next datagram not returned before. */
    public Datagram awaitDatagram(Duration timeout) {
        return awaitDatagram(timeout, d -> true, "a datagram");
    }

    /** Waits for the next datagram not returned before that matches {@code filter}; skipped ones are consumed. */
    public Datagram awaitDatagram(Duration timeout, Predicate<Datagram> filter, String what) {
        return Await.value(timeout, "raw UDP port " + port() + " to receive " + what, () -> {
            synchronized (this) {
                while (claimed < received.size()) {
                    Datagram d = received.get(claimed++);
                    if (filter.test(d)) {
                        return Optional.of(d);
                    }
                }
                return Optional.empty();
            }
        }, this::describe, this);
    }

    /** Waits for a reply whose first line contains {@code text}, e.g. {@code "400"} or {@code "SIP/2.0 200"}. */
    public Datagram awaitReply(String text, Duration timeout) {
        return awaitDatagram(timeout, d -> d.firstLine().contains(text), "a reply containing '" + text + "'");
    }

    /** Everything received during {@code period}: for "the server stays silent" assertions. */
    public List<Datagram> collectFor(Duration period) {
        int before;
        synchronized (this) {
            before = received.size();
        }
        long end = System.nanoTime() + period.toNanos();
        synchronized (this) {
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return List.copyOf(received.subList(before, received.size()));
        }
    }

    public String describe() {
        return "raw UDP port " + port() + " received: " + received().stream().map(Datagram::toString)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private void receiveLoop() {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                Datagram d = new Datagram(System.nanoTime(), (InetSocketAddress) packet.getSocketAddress(),
                        Arrays.copyOf(buffer, packet.getLength()));
                synchronized (this) {
                    received.add(d);
                    notifyAll();
                }
            } catch (SocketTimeoutException e) {
                // re-check closed
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
