package org.deskline.sip.routing;

import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.sip.b2bua.B2bCall;
import org.deskline.sip.b2bua.CallEnd;
import org.deskline.sip.b2bua.CallObserver;
import org.deskline.sip.b2bua.Target;

/**
 * The call as its users see it: one {@link TrackedCall} for the calling user and one for the called
 * user (either may be absent: the trunk, a phone with nobody logged in), sharing the call's id. Turns
 * the call's progress into call events and, at the end, into a call-log line per user with the end
 * reason as that user sees it.
 *
 * <p>Threading: called on the call's executor.
 */
final class CallRecord implements CallObserver {
    static final String VOICEMAIL = "voicemail";

    private final TrackedCall caller;
    private final UserId callerId;
    private TrackedCall callee;
    private final UserId calleeId;

    private CallRecord(TrackedCall caller, UserId callerId, TrackedCall callee, UserId calleeId) {
        this.caller = caller;
        this.callerId = callerId;
        this.callee = callee;
        this.calleeId = calleeId;
    }

    /**
     * Opens the tracked calls (publishing {@code call_created}).
     *
     * @param calleeUser the user called, or null (an external number)
     * @param dialed what the caller dialled (for the callee: the number that reached them)
     * @param redirectedTo where the callee's call goes instead of a desk phone (the telecommuter number), or null
     */
    static CallRecord open(CallTracker tracker, CallId id, B2bCall call, Caller from, User calleeUser, String dialed,
            boolean outbound, String redirectedTo) {
        TrackedCall callerCall = null;
        if (from.user() != null) {
            User u = from.user();
            callerCall = tracker.open(id, u.id(), outbound ? CallDirection.OUTBOUND : CallDirection.INTERNAL,
                    CallRole.CALLER, calleeUser != null ? calleeUser.extension() : dialed,
                    calleeUser != null ? calleeUser.name() : null, dialed, () -> call.hangupFromPortal(u.id()));
        }
        TrackedCall calleeCall = null;
        if (calleeUser != null) {
            calleeCall = tracker.open(id, calleeUser.id(), from.fromTrunk() ? CallDirection.INBOUND : CallDirection.INTERNAL,
                    CallRole.CALLEE, from.number(), from.name(), from.fromTrunk() ? dialed : calleeUser.extension(),
                    redirectedTo, () -> call.hangupFromPortal(calleeUser.id()));
        }
        return new CallRecord(callerCall, from.user() == null ? null : from.user().id(), calleeCall,
                calleeUser == null ? null : calleeUser.id());
    }

    /** Records a call that never got a leg out: refused, or the callee unreachable. */
    static void refused(CallTracker tracker, Caller from, User calleeUser, String dialed, EndReason callerReason,
            EndReason calleeReason) {
        CallId id = CallId.random();
        if (from.user() != null) {
            tracker.open(id, from.user().id(), calleeUser == null && !dialedIsInternal(dialed) ? CallDirection.OUTBOUND
                    : CallDirection.INTERNAL, CallRole.CALLER, calleeUser != null ? calleeUser.extension() : dialed,
                    calleeUser != null ? calleeUser.name() : null, dialed, () -> { }).ended(callerReason);
        }
        if (calleeUser != null) {
            tracker.open(id, calleeUser.id(), from.fromTrunk() ? CallDirection.INBOUND : CallDirection.INTERNAL,
                    CallRole.CALLEE, from.number(), from.name(), from.fromTrunk() ? dialed : calleeUser.extension(),
                    () -> { }).ended(calleeReason);
        }
    }

    private static boolean dialedIsInternal(String dialed) {
        return dialed != null && dialed.matches("[0-9]{2,8}");
    }

    @Override
    public void ringing() {
        if (caller != null) {
            caller.ringing();
        }
        if (callee != null) {
            callee.ringing();
        }
    }

    @Override
    public void answered() {
        if (caller != null) {
            caller.answered();
        }
        if (callee != null) {
            callee.answered();
        }
    }

    @Override
    public void diverted(Target to, CallEnd because) {
        if (to.kind() == Target.Kind.VOICEMAIL && callee != null) {
            callee.redirected(VOICEMAIL);
            callee.ended(EndReason.VOICEMAIL);
            callee = null;
        }
    }

    @Override
    public void ended(CallEnd end, UserId byUser) {
        if (caller != null) {
            caller.ended(reason(end, true, byUser, callerId));
        }
        if (callee != null) {
            callee.ended(reason(end, false, byUser, calleeId));
        }
    }

    private static EndReason reason(CallEnd end, boolean isCaller, UserId byUser, UserId self) {
        return switch (end) {
            case CALLER_CANCELLED -> EndReason.CANCELLED;
            case CALLER_HUNG_UP -> isCaller ? EndReason.HANGUP_LOCAL : EndReason.HANGUP_REMOTE;
            case CALLEE_HUNG_UP -> isCaller ? EndReason.HANGUP_REMOTE : EndReason.HANGUP_LOCAL;
            case BUSY -> EndReason.BUSY;
            case DECLINED -> EndReason.DECLINED;
            case NO_ANSWER -> EndReason.NO_ANSWER;
            case UNAVAILABLE -> EndReason.UNAVAILABLE;
            case PORTAL_HANGUP -> self != null && self.equals(byUser) ? EndReason.PORTAL_HANGUP : EndReason.HANGUP_REMOTE;
            case TIME_LIMIT -> EndReason.TIME_LIMIT;
            case FAILED -> EndReason.FAILED;
        };
    }
}
