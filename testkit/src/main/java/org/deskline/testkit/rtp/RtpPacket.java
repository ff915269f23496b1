package org.deskline.testkit.rtp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/** One received RTP packet with its arrival time ({@link System#nanoTime()}). */
public record RtpPacket(long arrivalNanos, InetSocketAddress source, int payloadType, int sequence,
                        long timestamp, boolean marker, long ssrc, byte[] payload) {

    /** Parses an RTP datagram (RFC 3550); empty if it is not RTP version 2. */
    public static Optional<RtpPacket> parse(long arrivalNanos, InetSocketAddress source, byte[] data, int length) {
        if (length < 12 || (data[0] & 0xC0) != 0x80) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        int first = in.get() & 0xFF;
        int second = in.get() & 0xFF;
        int sequence = in.getShort() & 0xFFFF;
        long timestamp = in.getInt() & 0xFFFFFFFFL;
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        int offset = 12 + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length < offset + 4) {
                return Optional.empty();
            }
            int words = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            offset += 4 + 4 * words;
        }
        int end = length;
        if ((first & 0x20) != 0 && length > offset) {
            end -= data[length - 1] & 0xFF;
        }
        if (end < offset) {
            return Optional.empty();
        }
        return Optional.of(new RtpPacket(arrivalNanos, source, second & 0x7F, sequence, timestamp,
                (second & 0x80) != 0, ssrc, Arrays.copyOfRange(data, offset, end)));
    }

    /** Builds a plain RTP packet (no CSRC, no extension). */
    public static byte[] build(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(12 + payload.length);
        out.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)))
                .putShort((short) sequence).putInt((int) timestamp).putInt((int) ssrc).put(payload);
        return out.array();
    }

    @Override
    public String toString() {
        return "RTP pt=" + payloadType + " seq=" + sequence + " ts=" + timestamp + (marker ? " M" : "")
                + " ssrc=" + Long.toHexString(ssrc) + " len=" + payload.length + " from " + source;
    }
}
