package org.deskline.testkit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.deskline.testkit.Await;

/**
 * A raw TCP connection for robustness tests: writes arbitrary bytes (partial messages, bad
 * framing, floods) and accumulates everything the peer sends until it closes. A daemon thread
 * reads; all methods are thread-safe.
 */
public final class RawTcp implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean closedByPeer;
    private volatile boolean closed;

    private RawTcp(Socket socket) {
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "raw-tcp-" + socket.getLocalPort());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static RawTcp connect(String host, int port, Duration timeout) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout(200);
            socket.setTcpNoDelay(true);
            return new RawTcp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public RawTcp send(byte[] data) {
        try {
            socket.getOutputStream().write(data);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + data.length + " bytes", e);
        }
    }

    public RawTcp send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything received so far, as UTF-8. */
    public String receivedText() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the received text contains {@code text}; returns all received text. */
    public String awaitText(String text, Duration timeout) {
        return Await.value(timeout, "TCP peer to send '" + text + "'", () -> {
            String all = receivedText();
            return all.contains(text) ? Optional.of(all) : Optional.empty();
        }, () -> "received so far (" + (closedByPeer ? "closed by peer" : "open") + "):\n" + receivedText(), received);
    }

    /** Waits until the peer closes the connection. */
    public void awaitClosedByPeer(Duration timeout) {
        Await.until(timeout, "TCP peer to close the connection", () -> closedByPeer,
                () -> "received so far:\n" + receivedText());
    }

    public boolean isClosedByPeer() {
        return closedByPeer;
    }

    private void readLoop() {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (!closed) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    synchronized (received) {
                        received.write(buffer, 0, n);
                        received.notifyAll();
                    }
                } catch (SocketTimeoutException e) {
                    // re-check closed
                }
            }
        } catch (IOException e) {
            // reset by peer counts as closed
        }
        closedByPeer = !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
            reader.join(1000);
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
