package org.deskline.sip.media;

import java.net.InetSocketAddress;

/**
 * What one offer/answer exchange settled for a session's audio stream. Immutable; a session swaps
 * the whole value on each exchange, so the send and receive threads read it without locking.
 *
 * @param codec the codec we send
 * @param audioPayloadType the payload type we send audio with
 * @param eventPayloadType the payload type RFC 4733 events arrive with, or -1 if none were agreed
 * @param remote where the SDP says to send RTP; null when the peer gave a hold address (0.0.0.0)
 * @param direction our direction, as written in our SDP
 */
record StreamParams(Codec codec, int audioPayloadType, int eventPayloadType, InetSocketAddress remote,
                    Direction direction) {

    /** Whether we may send RTP at all; the target may still be a latched address instead of {@link #remote}. */
    boolean sends() {
        return direction.sends() && remote != null;
    }

    /** Whether a received packet of this payload type belongs to the stream (audio or events). */
    boolean accepts(int payloadType) {
        return payloadType == Codec.PCMU.staticPayloadType()
                || payloadType == Codec.PCMA.staticPayloadType()
                || (eventPayloadType >= 0 && payloadType == eventPayloadType);
    }
}
