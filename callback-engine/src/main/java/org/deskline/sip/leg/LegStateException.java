package org.deskline.sip.leg;

/** An operation the leg's current state does not accept, e.g. answering a leg that has ended. */
public final class LegStateException extends IllegalStateException {
    public LegStateException(CallLeg leg, String operation) {
        super(leg + " cannot " + operation + " in state " + leg.state());
    }
}
