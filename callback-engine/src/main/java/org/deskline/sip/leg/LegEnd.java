package org.deskline.sip.leg;

/**
 * Why a leg ended, reported once through {@link LegListener#onEnded}.
 *
 * @param status the SIP status behind it (the final response, 200 for a BYE), 0 when none
 */
public record LegEnd(Cause cause, int status, String reason) {

    public enum Cause {
        /** The peer refused the INVITE (final non-2xx response). */
        REJECTED_BY_PEER,
        /** This server refused the peer's INVITE. */
        REJECTED,
        /** The peer cancelled its INVITE. */
        CANCELLED_BY_PEER,
        /** This server cancelled its INVITE (the peer answered 487, or answered anyway and got a BYE). */
        CANCELLED,
        /** The peer hung up. */
        BYE_RECEIVED,
        /** This server hung up. */
        BYE_SENT,
        /** No answer to a request, or no ACK for a 2xx, in time. */
        TIMEOUT,
        /** A message could not be sent. */
        FAILED
    }

    public static LegEnd of(Cause cause) {
        return new LegEnd(cause, 0, null);
    }
}
