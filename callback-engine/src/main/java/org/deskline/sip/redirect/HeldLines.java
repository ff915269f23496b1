package org.deskline.sip.redirect;

import org.deskline.core.directory.UserId;
import org.deskline.sip.b2bua.CallEnd;
import org.deskline.sip.b2bua.CallObserver;
import org.deskline.sip.b2bua.Target;

/**
 * The telecommuter lines one B2BUA call holds, given back as soon as the call stops using them: the
 * caller's side (a call from a telecommuter number) when the call ends, the callee's side (a call to
 * one) when it ends or is diverted to voicemail instead.
 *
 * <p>Threading: called on the call's executor; releasing is idempotent.
 */
public final class HeldLines implements CallObserver {
    private final SingleLine.Seizure callerSide;
    private final SingleLine.Seizure calleeSide;

    public HeldLines(SingleLine.Seizure callerSide, SingleLine.Seizure calleeSide) {
        this.callerSide = callerSide;
        this.calleeSide = calleeSide;
    }

    /** Gives both places back: the call never started, or is over. */
    public void release() {
        callerSide.release();
        calleeSide.release();
    }

    @Override
    public void diverted(Target to, CallEnd because) {
        calleeSide.release();
    }

    @Override
    public void ended(CallEnd end, UserId byUser) {
        release();
    }
}
