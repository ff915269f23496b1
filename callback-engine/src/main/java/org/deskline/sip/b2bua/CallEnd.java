package org.deskline.sip.b2bua;

/** How a call ended, from the call's point of view; each party's call log derives its own reason. */
public enum CallEnd {
    /** The caller gave up before an answer. */
    CALLER_CANCELLED,
    /** Answered, then the caller hung up. */
    CALLER_HUNG_UP,
    /** Answered, then the callee hung up. */
    CALLEE_HUNG_UP,
    /** The callee was busy. */
    BUSY,
    /** The callee declined. */
    DECLINED,
    /** Nobody answered within the ring timeout. */
    NO_ANSWER,
    /** The callee could not be reached (not registered, no response, refused). */
    UNAVAILABLE,
    /** Ended from the portal. */
    PORTAL_HANGUP,
    /** Answered longer than the longest call allowed: the server hung up both sides. */
    TIME_LIMIT,
    /** A protocol or network failure. */
    FAILED
}
