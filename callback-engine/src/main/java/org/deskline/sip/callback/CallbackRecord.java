package org.deskline.sip.callback;

import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.User;

/**
 * A click-to-call as its users see it: one {@link TrackedCall} for the user who asked (opened at once,
 * {@code dialing}; the user is its caller though the server rings them first, and {@code redirectedTo}
 * names the telecommuter number the callback went to) and, when the destination is a colleague, one for
 * them as its callee, opened when their leg is called. Both share the call's id;
 * their events ({@code call_created}, {@code call_ringing}, {@code call_answered}, {@code call_ended})
 * and call-log lines carry caller, target, redirect target and reason.
 *
 * <p>Threading: confined to the call's executor (the first report may come from the portal's thread
 * before the call runs anything else).
 */
final class CallbackRecord {
    private final CallTracker tracker;
    private final CallId id;
    private final User user;
    private final TrackedCall userCall;
    private TrackedCall targetCall;

    private CallbackRecord(CallTracker tracker, CallId id, User user, TrackedCall userCall) {
        this.tracker = tracker;
        this.id = id;
        this.user = user;
        this.userCall = userCall;
    }

    /**
     * Opens the user's call, publishing {@code call_created}.
     *
     * @param callee the colleague dialled, or null for an outside number
     * @param callbackTo where the server calls the user first, when not the desk phone (the telecommuter
     *     number)
     */
    static CallbackRecord open(CallTracker tracker, CallId id, User user, String destination, User callee,
            String callbackTo, Runnable hangup) {
        TrackedCall call = tracker.open(id, user.id(), callee == null ? CallDirection.OUTBOUND : CallDirection.INTERNAL,
                CallRole.CALLER, callee == null ? destination : callee.extension(), callee == null ? null : callee.name(),
                destination, callbackTo, hangup);
        return new CallbackRecord(tracker, id, user, call);
    }

    CallView view() {
        return userCall.view();
    }

    /** The colleague's leg is being called; {@code redirectedTo} is their telecommuter number or voicemail. */
    void targetCalled(User callee, String redirectedTo, Runnable hangup) {
        if (callee == null || targetCall != null) {
            return;
        }
        targetCall = tracker.open(id, callee.id(), CallDirection.INTERNAL, CallRole.CALLEE, user.extension(),
                user.name(), callee.extension(), redirectedTo, hangup);
    }

    /** The colleague could not be called at all (busy, unreachable): a missed call for them. */
    void targetMissed(User callee, EndReason reason) {
        if (callee != null && targetCall == null) {
            tracker.open(id, callee.id(), CallDirection.INTERNAL, CallRole.CALLEE, user.extension(), user.name(),
                    callee.extension(), () -> { }).ended(reason);
        }
    }

    /** The colleague's phone failed and the call went to their voicemail instead. */
    void targetDiverted(String to) {
        if (targetCall != null) {
            targetCall.redirected(to);
            targetCall.ended(EndReason.VOICEMAIL);
            targetCall = null;
        }
    }

    void ringing() {
        userCall.ringing();
        if (targetCall != null) {
            targetCall.ringing();
        }
    }

    void answered() {
        userCall.answered();
        if (targetCall != null) {
            targetCall.answered();
        }
    }

    void ended(EndReason forUser, EndReason forTarget) {
        userCall.ended(forUser);
        if (targetCall != null) {
            targetCall.ended(forTarget);
        }
    }
}
