package org.deskline.sip.b2bua;

/**
 * What a {@link B2bCall} tells the rest of the server about its progress (the call tracker, the call
 * log). Called on the call's executor; must not block.
 */
public interface CallObserver {

    /** The callee's phone (or the far end) is ringing. */
    default void ringing() {
    }

    /** The callee answered; media flows end to end. */
    default void answered() {
    }

    /** The call goes to another target after the first one failed (voicemail). */
    default void diverted(Target to, CallEnd because) {
    }

    /** One side sent a re-INVITE or UPDATE that the other side accepted (hold, resume, codec change). */
    default void modified(String method) {
    }

    /**
     * The call is over; reported once.
     *
     * @param byUser for {@link CallEnd#PORTAL_HANGUP}, who hung up; else null
     */
    void ended(CallEnd end, org.deskline.core.directory.UserId byUser);

    CallObserver NONE = (end, byUser) -> { };

    /** Both observers, {@code first} then {@code second}, for every event. */
    static CallObserver both(CallObserver first, CallObserver second) {
        return new CallObserver() {
            @Override
            public void ringing() {
                first.ringing();
                second.ringing();
            }

            @Override
            public void answered() {
                first.answered();
                second.answered();
            }

            @Override
            public void diverted(Target to, CallEnd because) {
                first.diverted(to, because);
                second.diverted(to, because);
            }

            @Override
            public void modified(String method) {
                first.modified(method);
                second.modified(method);
            }

            @Override
            public void ended(CallEnd end, org.deskline.core.directory.UserId byUser) {
                first.ended(end, byUser);
                second.ended(end, byUser);
            }
        };
    }
}
