package org.deskline.core.call;

import java.util.Locale;

/** Why a call ended, as the call log and the portal show it. */
public enum EndReason {
    /** Answered, then the user (this party) hung up. */
    HANGUP_LOCAL,
    /** Answered, then the other party hung up. */
    HANGUP_REMOTE,
    /** The caller gave up before an answer: a missed call for the callee. */
    CANCELLED,
    /** The callee was busy. */
    BUSY,
    /** Nobody answered within the ring timeout. */
    NO_ANSWER,
    /** The callee declined. */
    DECLINED,
    /** The callee could not be reached (not registered, no route). */
    UNAVAILABLE,
    /** Refused by the dial plan: no user on the phone, or not allowed to dial that number. */
    FORBIDDEN,
    /** No such extension or number. */
    NOT_FOUND,
    /** Sent to voicemail. */
    VOICEMAIL,
    /** Hung up from the portal. */
    PORTAL_HANGUP,
    /** The call lasted as long as a call may ({@code --max-call-length}) and the server hung up. */
    TIME_LIMIT,
    /** Anything else: a failure of the network or the server. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Ends a missed call when the user was the one called ({@link CallRole#CALLEE}) and never answered; for
     * the caller the same reason is only how their attempt ended.
     */
    public boolean missed() {
        return this == CANCELLED || this == NO_ANSWER || this == VOICEMAIL || this == BUSY;
    }
}
