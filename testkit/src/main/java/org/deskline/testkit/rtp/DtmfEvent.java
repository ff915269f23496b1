package org.deskline.testkit.rtp;

/**
 * A telephone event (RFC 4733) as received: one per RTP timestamp.
 *
 * @param digit     '0'-'9', '*', '#', 'A'-'D', or '!' for flash / unknown events
 * @param duration  the largest duration seen, in timestamp units (8 kHz samples)
 * @param ended     whether a packet with the E bit arrived
 * @param packets   packets received for the event (retransmitted ends included)
 */
public record DtmfEvent(char digit, int event, long timestamp, int duration, boolean ended, int volume,
                        long firstArrivalNanos, int packets, boolean markerSeen) {

    private static final String DIGITS = "0123456789*#ABCD";

    public static char digitOf(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : '!';
    }

    public static int eventOf(char digit) {
        int event = DIGITS.indexOf(Character.toUpperCase(digit));
        if (event < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        return event;
    }

    DtmfEvent update(int newDuration, boolean end, boolean marker) {
        return new DtmfEvent(digit, event, timestamp, Math.max(duration, newDuration), ended || end, volume,
                firstArrivalNanos, packets + 1, markerSeen || marker);
    }
}
