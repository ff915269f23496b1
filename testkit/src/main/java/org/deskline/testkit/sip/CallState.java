package org.deskline.testkit.sip;

/**
 * The life of a {@link Call}, for either side.
 *
 * <pre>
 * outgoing: CALLING --1xx--> EARLY --2xx (ACK sent)--> CONFIRMED --BYE--> TERMINATED
 * incoming: INCOMING --180 sent--> EARLY --200 sent, ACK received--> CONFIRMED --BYE--> TERMINATED
 * </pre>
 * A call may end from any state (rejection, CANCEL, timeout); see {@link Call#endReason()}.
 */
public enum CallState {
    CALLING, INCOMING, EARLY, CONFIRMED, TERMINATED
}
