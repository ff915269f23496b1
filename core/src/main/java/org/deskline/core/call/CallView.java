package org.deskline.core.call;

import java.time.Instant;
import org.deskline.core.directory.UserId;

/**
 * One call as one user sees it: the portal's live-call panel and, once ended, a call-log line.
 *
 * @param peerNumber the other party's number (extension, outside number)
 * @param dialedNumber what was dialled (by the user, or by the caller to reach the user)
 * @param redirectedTo where the call was sent instead of a desk phone (telecommuter number, voicemail)
 */
public record CallView(
        CallId callId,
        UserId userId,
        CallDirection direction,
        CallState state,
        String peerNumber,
        String peerName,
        String dialedNumber,
        String redirectedTo,
        Instant createdAt,
        Instant answeredAt,
        Instant endedAt,
        EndReason endReason) {

    CallView with(CallState s, String redirect, Instant answered, Instant ended, EndReason reason) {
        return new CallView(callId, userId, direction, s, peerNumber, peerName, dialedNumber, redirect, createdAt,
                answered, ended, reason);
    }
}
