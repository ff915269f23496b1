package org.deskline.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a bare socket that completes the handshake and then reads only when told to:
 * a client that stopped reading (a frozen tab, a dead network), as the server sees it.
 */
public final class RawEventSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private RawEventSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects with a small receive buffer, so that the connection backs up soon, and upgrades. */
    public static RawEventSocket connect(int port, String query) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/v1/events?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        RawEventSocket raw = new RawEventSocket(s);
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("no upgrade: " + head);
        }
        return raw;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** What the client finds once it reads again: the text frames, then the close code (or -1 without one). */
    public record Drained(int textFrames, int closeCode) {
    }

    /** Reads every frame until a close frame or the end of the stream. */
    public Drained drain() throws IOException {
        int texts = 0;
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 0x8) {
                    return new Drained(texts, len >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1);
                }
                if (opcode == 0x1) {
                    texts++;
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return new Drained(texts, -1);
        }
    }

    public InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
