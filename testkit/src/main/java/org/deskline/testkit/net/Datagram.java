package org.deskline.testkit.net;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A datagram received by {@link RawUdp}, with its arrival time ({@link System#nanoTime()}). */
public record Datagram(long arrivalNanos, InetSocketAddress source, byte[] data) {
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The first line, e.g. {@code SIP/2.0 400 Bad Request}. */
    public String firstLine() {
        String text = text();
        int eol = text.indexOf('\n');
        return (eol < 0 ? text : text.substring(0, eol)).trim();
    }

    @Override
    public String toString() {
        return data.length + " bytes from " + source + ": " + firstLine();
    }
}
