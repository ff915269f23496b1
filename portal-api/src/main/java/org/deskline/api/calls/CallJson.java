package org.deskline.api.calls;

import java.time.Instant;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;

/**
 * A call as the API shows it, in the live-call list, in {@code call_*} events and (with an id) in the
 * call log.
 *
 * @param incoming the user was the one called (always for inbound, never for outbound; for internal, a
 *     colleague called the user)
 * @param missed the user was called and never answered (cancelled, no answer, busy, voicemail)
 */
public record CallJson(
        String callId,
        String direction,
        boolean incoming,
        String state,
        String peerNumber,
        String peerName,
        String dialedNumber,
        String redirectedTo,
        String createdAt,
        String answeredAt,
        String endedAt,
        String endReason,
        boolean missed) {

    public static CallJson of(CallView c) {
        return new CallJson(c.callId().value(), c.direction().wireName(), c.incoming(), c.state().wireName(),
                c.peerNumber(), c.peerName(), c.dialedNumber(), c.redirectedTo(), text(c.createdAt()),
                text(c.answeredAt()), text(c.endedAt()), c.endReason() == null ? null : c.endReason().wireName(),
                missed(c));
    }

    static boolean missed(CallView c) {
        EndReason r = c.endReason();
        return c.incoming() && r != null && r.missed() && c.answeredAt() == null;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
