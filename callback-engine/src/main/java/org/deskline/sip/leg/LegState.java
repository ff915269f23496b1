package org.deskline.sip.leg;

/**
 * Where a leg stands. The initial INVITE moves it forward only; re-INVITEs and UPDATEs happen inside
 * {@link #CONFIRMED} and do not change the state.
 */
public enum LegState {
    /** Outbound leg built, INVITE not sent yet. */
    NEW,
    /** INVITE sent or received, no provisional response with a tag yet. */
    PROCEEDING,
    /** A provisional response with a To-tag: an early dialog. */
    EARLY,
    /** Outbound leg: CANCEL sent, waiting for the INVITE's final response. */
    CANCELLING,
    /** 2xx sent (inbound, waiting for ACK) or received (outbound, ACK not sent yet). */
    ANSWERED,
    /** ACK sent or received: the call is up. */
    CONFIRMED,
    /** BYE sent, waiting for its response. */
    TERMINATING,
    /** Over; the leg accepts nothing more. */
    TERMINATED;

    /** A dialog exists in which BYE and other in-dialog requests are possible. */
    boolean hasDialog() {
        return this == ANSWERED || this == CONFIRMED || this == TERMINATING;
    }
}
