package org.deskline.sip.media;

import java.nio.ByteBuffer;

/**
 * Turns the RFC 4733 telephone-event packets of one stream into key presses, each reported once.
 *
 * <p>All packets of one event (start with the marker bit, updates, and the usually three
 * retransmitted end packets with the E bit) carry the same RTP timestamp, the event's start. So a
 * key is reported on the first packet of a timestamp not seen before, whichever kind it is: a lost
 * start packet does not lose the key, and the updates and repeated ends are ignored. A key pressed
 * twice is two events with two timestamps, hence two reports. A packet older than the current
 * event (a late end packet overtaken by the next key) is ignored; a new SSRC starts afresh. An
 * event longer than the 16-bit duration field (about 8 s) is sent as segments with new
 * timestamps (RFC 4733 §2.5.1.3); a segment that continues an unfinished event of the same key
 * whose duration had nearly reached the maximum is not reported again.
 *
 * <p>Events 0-15 are keys (0-9, *, #, A-D); others (flash, tones) are ignored. Confined to the
 * receive thread; not thread-safe.
 */
final class DtmfDetector {
    private static final char[] KEYS = "0123456789*#ABCD".toCharArray();
    private static final int SEGMENT_NEAR_FULL = 0xFFFF - 1600;

    private boolean seen;
    private int ssrc;
    private int timestamp;
    private int event;
    private int duration;
    private boolean ended;

    /**
     * Feeds one telephone-event payload.
     *
     * @return the key this packet reports, or 0 if it reports none
     */
    char onPacket(int packetSsrc, int packetTimestamp, ByteBuffer buf, int offset, int length) {
        if (length < 4) {
            return 0;
        }
        int packetEvent = buf.get(offset) & 0xFF;
        boolean end = (buf.get(offset + 1) & 0x80) != 0;
        int packetDuration = buf.getShort(offset + 2) & 0xFFFF;
        if (packetEvent >= KEYS.length) {
            return 0;
        }
        if (seen && packetSsrc == ssrc) {
            int age = packetTimestamp - timestamp;
            if (age == 0 && packetEvent == event) {
                duration = Math.max(duration, packetDuration);
                ended |= end;
                return 0;
            }
            if (age < 0) {
                return 0;
            }
            boolean continuation = packetEvent == event && !ended && duration >= SEGMENT_NEAR_FULL;
            start(packetSsrc, packetTimestamp, packetEvent, packetDuration, end);
            return continuation ? 0 : KEYS[packetEvent];
        }
        start(packetSsrc, packetTimestamp, packetEvent, packetDuration, end);
        return KEYS[packetEvent];
    }

    private void start(int packetSsrc, int packetTimestamp, int packetEvent, int packetDuration, boolean end) {
        seen = true;
        ssrc = packetSsrc;
        timestamp = packetTimestamp;
        event = packetEvent;
        duration = packetDuration;
        ended = end;
    }
}
