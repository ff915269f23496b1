package org.deskline.api.events;

import jakarta.websocket.CloseReason;

/** The close codes of {@code /api/v1/events}; part of the public contract. */
public final class CloseCodes {
    /** No token, or the token is unknown, expired or signed out; also when the session ends later. */
    public static final int UNAUTHENTICATED = 4001;
    /** The administrator's session: live events are for directory users. */
    public static final int USER_ONLY = 4003;
    /** The connection's query is malformed (e.g. {@code ?presence=} that is not a list of user ids). */
    public static final int INVALID_REQUEST = 4400;
    /**
     * The client did not keep up: its queue of unsent events overflowed, or it answered no ping for three
     * heartbeats. Reconnect and reload state.
     */
    public static final int TOO_SLOW = 4008;

    private CloseCodes() {
    }

    static CloseReason reason(int code, String phrase) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code), phrase);
    }
}
