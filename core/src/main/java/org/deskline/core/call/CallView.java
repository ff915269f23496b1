package org.deskline.core.call;

import java.time.Instant;
import java.util.Objects;
import org.deskline.core.directory.UserId;

/**
 * One call as one user sees it: the portal's live-call panel and, once ended, a call-log line.
 *
 * @param role whether the user called or was called; outbound calls are always {@link CallRole#CALLER},
 *     inbound ones {@link CallRole#CALLEE}
 * @param peerNumber the other party's number (extension, outside number)
 * @param dialedNumber what was dialled (by the user, or by the caller to reach the user)
 * @param redirectedTo for an incoming call, where it was sent instead of a desk phone (telecommuter number,
 *     voicemail); for the user's own click-to-call, the leg it went through (the telecommuter number the
 *     server called them on first)
 */
public record CallView(
        CallId callId,
        UserId userId,
        CallDirection direction,
        CallRole role,
        CallState state,
        String peerNumber,
        String peerName,
        String dialedNumber,
        String redirectedTo,
        Instant createdAt,
        Instant answeredAt,
        Instant endedAt,
        EndReason endReason) {

    public CallView {
        Objects.requireNonNull(role, "role");
        if (direction == CallDirection.OUTBOUND && role != CallRole.CALLER
                || direction == CallDirection.INBOUND && role != CallRole.CALLEE) {
            throw new IllegalArgumentException("a " + direction.wireName() + " call with the user as " + role);
        }
    }

    /** The user was the one called: the call came in to them, from outside or from a colleague. */
    public boolean incoming() {
        return role == CallRole.CALLEE;
    }

    CallView with(CallState s, String redirect, Instant answered, Instant ended, EndReason reason) {
        return new CallView(callId, userId, direction, role, s, peerNumber, peerName, dialedNumber, redirect, createdAt,
                answered, ended, reason);
    }
}
