package org.deskline.sip.callback;

/** A command the click-to-call's current stage does not accept, e.g. starting it twice. */
public final class CallbackStateException extends IllegalStateException {
    CallbackStateException(CallbackCall call, CallbackCall.Stage stage, String command) {
        super(call + " cannot " + command + " in stage " + stage);
    }
}
