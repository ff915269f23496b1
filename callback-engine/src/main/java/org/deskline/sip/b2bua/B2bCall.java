package org.deskline.sip.b2bua;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deskline.core.call.CallId;
import org.deskline.core.directory.UserId;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.CallTimer;
import org.deskline.sip.leg.InDialogRequest;
import org.deskline.sip.leg.LegEnd;
import org.deskline.sip.leg.LegListener;
import org.deskline.sip.leg.LegState;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.leg.SerialExecutor;
import org.deskline.sip.stack.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call through the signalling B2BUA: the caller's inbound leg {@code A} and an outbound leg
 * {@code B} to the current {@link Target}. SDP passes through unchanged in both directions (media flows
 * end to end, no RTP relay), whether the offer is in the INVITE (B is acknowledged at once) or in the
 * 2xx (B's ACK waits for A's, which carries the answer).
 *
 * <pre>
 *  caller (A)              Deskline                      callee (B)
 *    | INVITE (sdp a)         |                              |
 *    |----------------------->| INVITE (sdp a)               |
 *    | 100 Trying             |----------------------------->|
 *    |<-----------------------|                  180 Ringing |
 *    | 180 Ringing            |<-----------------------------|
 *    |<-----------------------|               200 OK (sdp b) |
 *    | 200 OK (sdp b)         |<-----------------------------|
 *    |<-----------------------| ACK                          |
 *    | ACK                    |----------------------------->|
 *    |----------------------->|                              |
 *    |=========== RTP a <-> b, end to end ===================|
 *    | re-INVITE (hold)       |                              |
 *    |----------------------->| re-INVITE (hold)             |
 *    |                        |----------------------------->|
 *    |                        |                       200 OK |
 *    | 200 OK                 |<-----------------------------|
 *    |<-----------------------| ACK                          |
 *    | ACK                    |----------------------------->|
 *    |----------------------->|                              |
 *    | BYE                    |                              |
 *    |----------------------->| BYE                          |
 *    | 200 OK                 |----------------------------->|
 *    |<-----------------------|                       200 OK |
 *    |                        |<-----------------------------|
 *
 *  not answered:  CANCEL from A -> 200, 487 to A, CANCEL to B
 *                 486/603/480/timeout from B -> next target (voicemail, with Diversion) or the failure to A
 *                 ring timeout -> CANCEL to B -> next target or 480 No Answer to A
 *  answered for longer than the longest call allowed: BYE to A and to B (end reason time_limit)
 * </pre>
 *
 * <p>Either side's BYE ends the other; a re-INVITE, UPDATE or INFO from one side is relayed to the
 * other and its answer relayed back (491 when one is already in flight).
 *
 * <p>Threading: everything runs on the call's {@link SerialExecutor}, which both legs share; the
 * public methods may be called from any thread and hop onto it.
 */
public final class B2bCall implements LegListener, ServerCall {
    private static final Logger log = LoggerFactory.getLogger(B2bCall.class);

    /** The stage of the whole call. */
    public enum Phase {
        /** B is being called. */
        RINGING,
        /** B answered; A's ACK not yet in. */
        ANSWERED,
        /** Both sides up. */
        CONNECTED,
        /** Over; legs may still be finishing. */
        ENDING,
        ENDED
    }

    private final CallId id;
    private final SerialExecutor executor;
    private final Legs legs;
    private final CallRegistry registry;
    private final SipContext sip;
    private final CallLeg a;
    private final Forwarding forwarding;
    private final Duration ringTimeout;
    private final Duration maxCallLength;
    private CallObserver observer = CallObserver.NONE;
    private CallLeg b;
    private Target target;
    private Phase phase = Phase.RINGING;
    private CallEnd endCause;
    private UserId endedBy;
    private final CallTimer ringTimer;
    private final CallTimer lengthTimer;
    private boolean ringTimedOut;
    private CallLeg awaitingAckFrom;

    private B2bCall(CallId id, CallLeg a, Legs legs, CallRegistry registry, SipContext sip, Forwarding forwarding,
            Duration ringTimeout, Duration maxCallLength) {
        this.id = id;
        this.executor = a.executor();
        this.a = a;
        this.legs = legs;
        this.registry = registry;
        this.sip = sip;
        this.forwarding = forwarding;
        this.ringTimeout = ringTimeout;
        this.maxCallLength = maxCallLength;
        this.ringTimer = new CallTimer(sip.timers(), executor);
        this.lengthTimer = new CallTimer(sip.timers(), executor);
    }

    /**
     * Creates the call around inbound leg {@code a} and registers it. Call {@link #start} next, on the
     * leg's executor, after wiring the observer.
     *
     * @param maxCallLength how long the call may last once answered; zero for no limit
     */
    public static B2bCall create(CallId id, CallLeg a, Legs legs, CallRegistry registry, SipContext sip,
            Forwarding forwarding, Duration ringTimeout, Duration maxCallLength) {
        B2bCall call = new B2bCall(id, a, legs, registry, sip, forwarding, ringTimeout, maxCallLength);
        a.listener(call);
        registry.add(call);
        return call;
    }

    @Override
    public CallId id() {
        return id;
    }

    public Phase phase() {
        return phase;
    }

    public void observer(CallObserver o) {
        this.observer = o;
    }

    /** Calls the first target. Runs on the call's executor. */
    public void start(Target first) {
        a.trying();
        connect(first);
    }

    /** Hangs the call up from the portal, whatever its stage. Any thread. */
    @Override
    public void hangupFromPortal(UserId user) {
        executor.execute(() -> {
            if (phase == Phase.ENDING || phase == Phase.ENDED) {
                return;
            }
            log.info("call {} hung up from the portal by {}", id, user);
            endWith(CallEnd.PORTAL_HANGUP, user);
            if (!a.isEnded()) {
                if (a.state() == LegState.PROCEEDING || a.state() == LegState.EARLY) {
                    a.reject(487, "Request Terminated", List.of());
                } else {
                    a.hangup();
                }
            }
            if (b != null && !b.isEnded()) {
                b.hangup();
            }
        });
    }

    private void connect(Target t) {
        target = t;
        b = legs.outbound(executor, t.invite(), id + "/B");
        b.listener(this);
        log.debug("call {} {} -> {}", id, t.kind(), t.invite().requestUri());
        b.invite();
        if (t.ringTimeout() && !b.isEnded()) {
            CallLeg ringing = b;
            ringTimer.schedule(ringTimeout, () -> onRingTimeout(ringing));
        }
    }

    private void onRingTimeout(CallLeg ringing) {
        if (ringing == b && !b.isEnded() && (b.state() == LegState.PROCEEDING || b.state() == LegState.EARLY)) {
            log.debug("call {} not answered within {} s", id, ringTimeout.toSeconds());
            ringTimedOut = true;
            b.cancel();
        }
    }

    private void onTimeLimit() {
        if (phase != Phase.ANSWERED && phase != Phase.CONNECTED) {
            return;
        }
        log.info("call {} lasted {} min, the longest allowed: hanging up both sides", id, maxCallLength.toMinutes());
        endWith(CallEnd.TIME_LIMIT, null);
        if (!a.isEnded()) {
            a.hangup();
        }
        if (!b.isEnded()) {
            b.hangup();
        }
    }

    // ---- leg events

    @Override
    public void onProgress(CallLeg leg, int status, String reason, Body body) {
        if (leg != b || a.isEnded() || !(a.state() == LegState.PROCEEDING || a.state() == LegState.EARLY)) {
            return;
        }
        a.progress(status == 183 || body != null ? status : 180, reason, body);
        observer.ringing();
    }

    @Override
    public void onAnswered(CallLeg leg, Body body) {
        if (leg != b || a.isEnded() || phase != Phase.RINGING) {
            leg.hangup();
            return;
        }
        ringTimer.cancel();
        move(Phase.ANSWERED, "answered");
        if (!maxCallLength.isZero()) {
            lengthTimer.schedule(maxCallLength, this::onTimeLimit);
        }
        a.answer(body);
        if (a.offer() != null) {
            b.ack(null);
        }
        observer.answered();
    }

    @Override
    public void onConfirmed(CallLeg leg, Body body) {
        if (leg != a) {
            return;
        }
        if (b != null && b.canAck() && a.offer() == null) {
            b.ack(body);
        }
        if (phase == Phase.ANSWERED) {
            move(Phase.CONNECTED, "confirmed");
        }
    }

    @Override
    public void onRequest(CallLeg leg, InDialogRequest request) {
        CallLeg other = leg == a ? b : a;
        if (other == null || other.isEnded() || phase == Phase.ENDING || phase == Phase.ENDED) {
            request.respond(481, "Call Leg Does Not Exist", null);
            return;
        }
        String method = request.method();
        Body offer = request.body();
        other.request(method, offer, reply -> {
            request.respond(reply.status(), reply.reason(), reply.body());
            if (reply.isSuccess() && "INVITE".equals(method)) {
                if (offer == null) {
                    awaitingAckFrom = leg;
                } else if (other.canAck()) {
                    other.ack(null);
                }
            }
            if (reply.isSuccess() && !"INFO".equals(method)) {
                observer.modified(method);
            }
        });
    }

    @Override
    public void onModifyAck(CallLeg leg, Body body) {
        if (leg == awaitingAckFrom) {
            awaitingAckFrom = null;
            CallLeg other = leg == a ? b : a;
            if (other != null && other.canAck()) {
                other.ack(body);
            }
        }
    }

    @Override
    public void onEnded(CallLeg leg, LegEnd end) {
        if (leg == a) {
            onCallerEnded(end);
        } else if (leg == b) {
            onCalleeEnded(end);
        }
        finishIfDone();
    }

    private void onCallerEnded(LegEnd end) {
        switch (end.cause()) {
            case CANCELLED_BY_PEER -> endWith(CallEnd.CALLER_CANCELLED, null);
            case BYE_RECEIVED -> endWith(phase == Phase.RINGING ? CallEnd.CALLER_CANCELLED : CallEnd.CALLER_HUNG_UP, null);
            case TIMEOUT, FAILED -> endWith(CallEnd.FAILED, null);
            default -> {
                // we ended A ourselves; the cause is set already
            }
        }
        if (b != null && !b.isEnded()) {
            b.hangup();
        }
    }

    private void onCalleeEnded(LegEnd end) {
        ringTimer.cancel();
        if (a.isEnded()) {
            return;
        }
        if (a.state() == LegState.PROCEEDING || a.state() == LegState.EARLY) {
            CallEnd why = classify(end);
            Optional<Target> next = phase == Phase.RINGING ? forwarding.next(target, why) : Optional.empty();
            if (next.isPresent()) {
                log.debug("call {} diverted to {} ({})", id, next.get().kind(), why);
                observer.diverted(next.get(), why);
                ringTimedOut = false;
                connect(next.get());
                return;
            }
            endWith(why, null);
            a.reject(statusFor(end), reasonFor(end), List.of());
        } else {
            endWith(end.cause() == LegEnd.Cause.BYE_RECEIVED ? CallEnd.CALLEE_HUNG_UP : CallEnd.FAILED, null);
            a.hangup();
        }
    }

    /**
     * Why the callee's leg ended unanswered. A 480 from a phone is unavailable (do not disturb, nobody
     * logged in: RFC 3261 §21.4.18), not no answer; the callback engine, whose legs go through the trunk,
     * reads it otherwise.
     */
    private CallEnd classify(LegEnd end) {
        if (ringTimedOut) {
            return CallEnd.NO_ANSWER;
        }
        return switch (end.cause()) {
            case REJECTED_BY_PEER -> switch (end.status()) {
                case 486, 600 -> CallEnd.BUSY;
                case 603 -> CallEnd.DECLINED;
                default -> CallEnd.UNAVAILABLE;
            };
            case TIMEOUT, FAILED -> CallEnd.UNAVAILABLE;
            default -> CallEnd.FAILED;
        };
    }

    /**
     * What the caller is told when the callee fails: its status where meaningful to pass on. A call
     * redirected to a telecommuter number that fails (no answer, busy, unreachable) is busy for the
     * caller, as the telecommuter rules say (voicemail, else busy).
     */
    private int statusFor(LegEnd end) {
        if (target.kind() == Target.Kind.TELECOMMUTER) {
            return 486;
        }
        if (ringTimedOut || end.cause() != LegEnd.Cause.REJECTED_BY_PEER) {
            return 480;
        }
        int s = end.status();
        if (s == 401 || s == 407 || s < 400 || s >= 500 && s < 600) {
            return 480;
        }
        return s;
    }

    private String reasonFor(LegEnd end) {
        if (target.kind() == Target.Kind.TELECOMMUTER) {
            return "Busy Here";
        }
        if (ringTimedOut) {
            return "No Answer";
        }
        return end.cause() == LegEnd.Cause.REJECTED_BY_PEER && statusFor(end) == end.status() ? end.reason()
                : "Temporarily Unavailable";
    }

    private void endWith(CallEnd cause, UserId by) {
        if (endCause == null) {
            endCause = cause;
            endedBy = by;
        }
        if (phase != Phase.ENDED) {
            move(Phase.ENDING, cause.name().toLowerCase(Locale.ROOT));
        }
    }

    private void finishIfDone() {
        if (phase == Phase.ENDED || !a.isEnded() || (b != null && !b.isEnded())) {
            return;
        }
        ringTimer.cancel();
        lengthTimer.cancel();
        move(Phase.ENDED, "legs ended");
        observer.ended(endCause == null ? CallEnd.FAILED : endCause, endedBy);
        registry.remove(this);
    }

    private void move(Phase to, String event) {
        if (phase != to && log.isDebugEnabled()) {
            log.debug("call {} {} -> {} -> {}", id, phase, event, to);
        }
        phase = to;
    }

    @Override
    public String toString() {
        return "call " + id;
    }
}
