package org.deskline.testkit.sip;

/** Why a {@link Call} reached {@link CallState#TERMINATED}. */
public enum EndReason {
    /** This phone sent BYE. */
    HANGUP_LOCAL,
    /** The other side sent BYE. */
    HANGUP_REMOTE,
    /** Outgoing call: a final response of 300 or more (see {@link Call#finalResponse()}). */
    REJECTED_BY_REMOTE,
    /** Incoming call: this phone answered with a final response of 300 or more. */
    REJECTED_LOCALLY,
    /** Outgoing call: this phone sent CANCEL (usually then 487). */
    CANCELLED_LOCALLY,
    /** Incoming call: the caller sent CANCEL; this phone answered 487. */
    CANCELLED_BY_REMOTE,
    /** No final response: a transaction timeout. */
    TIMEOUT
}
