package org.deskline.sip.callback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.Language;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.sip.b2bua.CallEnd;
import org.deskline.sip.b2bua.CallRegistry;
import org.deskline.sip.b2bua.Forwarding;
import org.deskline.sip.b2bua.ServerCall;
import org.deskline.sip.b2bua.Target;
import org.deskline.sip.callback.Destinations.Destination;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.CallTimer;
import org.deskline.sip.leg.InDialogRequest;
import org.deskline.sip.leg.LegEnd;
import org.deskline.sip.leg.LegListener;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.leg.SerialExecutor;
import org.deskline.sip.media.DtmfRelay;
import org.deskline.sip.media.MediaSession;
import org.deskline.sip.media.Prompt;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.media.SdpException;
import org.deskline.sip.media.Tone;
import org.deskline.sip.redirect.SingleLine;
import org.deskline.sip.stack.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One click-to-call: the server calls the user back (leg A: the telecommuter number through the trunk,
 * or the desk phone), then calls the destination (leg B) as if dialled from the user's extension, and
 * joins the two with a re-INVITE so that media flows end to end — RFC 3725 flow IV, with the server's
 * own media on leg A (a "connecting" prompt and ringback) where the RFC has a black hole.
 *
 * <pre>
 *  user (A)                  Deskline (+ media M)                 target (B)
 *    | (1) INVITE (sdp M)       |                                     |
 *    |<-------------------------|                                     |
 *    | (2) 180, 200 (sdp a)     |  answered after min-answer? else a  |
 *    |------------------------->|  mailbox: ACK, BYE, over            |
 *    | (3) ACK                  |                                     |
 *    |<-------------------------|                                     |
 *    |  [press 1? prompt M, wait for DTMF 1 (RFC 4733 or INFO)]       |
 *    |<== "connecting", ringback from M ==                            |
 *    |                          | (4) INVITE (no sdp)                 |
 *    |                          |------------------------------------>|
 *    |                          | (5) 180, 200 (offer b)              |
 *    |                          |<------------------------------------|
 *    | (6) re-INVITE (offer b')  |  b' = b with the origin line of A's |
 *    |<-------------------------|  session (SdpOrigin)                |
 *    | (7) 200 (answer a')      |                                     |
 *    |------------------------->|                                     |
 *    | (8) ACK                  | (9) ACK (answer a')                 |
 *    |<-------------------------|------------------------------------>|
 *    |        M closed          |                                     |
 *    |====================== RTP a' <-> b, end to end ===============|
 *    | BYE                      | BYE                                 |
 *    |------------------------->|------------------------------------>|
 *
 *  B busy / declined / unreachable / no answer (after voicemail diversion, if any):
 *    M plays target-busy / target-unavailable / no-answer to A, then BYE to A.
 *  A not answered, busy, or answered by a mailbox, or 1 not pressed in time: B is never called.
 *  Either side's BYE ends the other; hanging up from the portal ends both at any stage (CANCEL
 *  for a leg still ringing, BYE for one answered).
 *  Bridged for longer than the longest call allowed (--max-call-length): BYE to A and to B.
 * </pre>
 *
 * <p>The stages form a state machine ({@link Stage}); each network event is one method, checked
 * against the stage (an event the stage does not expect, such as a late answer, is handled as such
 * and never moves the call backwards), and each transition is logged once at debug level as
 * {@code callback <id> FROM -> event -> TO}.
 *
 * <p>Threading: everything runs on the call's {@link SerialExecutor}, which both legs share; media
 * callbacks (keys, playback done) and timers hop onto it. Nothing here blocks, and no lock is shared
 * with another call.
 */
public final class CallbackCall implements LegListener, ServerCall {
    private static final Logger log = LoggerFactory.getLogger(CallbackCall.class);
    private static final Duration ANNOUNCEMENT_SLACK = Duration.ofSeconds(3);
    private static final int MAX_REINVITE_ATTEMPTS = 3;

    /** Where a click-to-call stands. Each only moves forward. */
    public enum Stage {
        /** Built; nothing sent. */
        NEW,
        /** Leg A (the user) is being called. */
        CALLING_USER,
        /** A answered; waiting for the user to press 1. */
        CONFIRMING,
        /** Leg B (the target) is being called; A hears "connecting" and ringback. */
        CALLING_TARGET,
        /** B answered with its offer; the re-INVITE to A is in flight. */
        BRIDGING,
        /** A and B talk end to end; the server's media is gone. */
        CONNECTED,
        /** The target failed; A hears why before the server hangs up. */
        ANNOUNCING,
        /** Over; legs may still be finishing. */
        ENDING,
        ENDED
    }

    /** What every click-to-call shares: the SIP side, media and configuration. */
    record Services(SipContext sip, Legs legs, CallRegistry registry, Destinations destinations,
            PromptLibrary prompts, CallbackConfig config) {
    }

    private final CallId id;
    private final SerialExecutor executor;
    private final Services services;
    private final User user;
    private final String destination;
    private final Legs.Invite userInvite;
    private final boolean mailboxGuard;
    private final MediaSession media;
    private final SingleLine.Seizure userLine;
    private final Language language;
    private final SdpOrigin towardUser;
    private CallbackRecord record;
    private Stage stage = Stage.NEW;
    private CallLeg a;
    private CallLeg b;
    private Target target;
    private Forwarding forwarding = Forwarding.NONE;
    private SingleLine.Seizure targetLine = SingleLine.Seizure.NONE;
    private long invitedAt;
    private final CallTimer timer;
    private boolean ringTimedOut;
    private boolean targetAnswered;
    private int reinviteAttempts;
    private CallLeg awaitingAckFrom;
    private EndReason userReason;
    private EndReason targetReason;
    private boolean mediaClosed;

    CallbackCall(CallId id, SerialExecutor executor, Services services, User user, String destination,
            Legs.Invite userInvite, boolean mailboxGuard, MediaSession media, SingleLine.Seizure userLine) {
        this.id = id;
        this.executor = executor;
        this.timer = new CallTimer(services.sip().timers(), executor);
        this.services = services;
        this.user = user;
        this.destination = destination;
        this.userInvite = userInvite;
        this.mailboxGuard = mailboxGuard;
        this.media = media;
        this.userLine = userLine;
        this.language = user.languageOr(services.config().defaultLanguage());
        this.towardUser = SdpOrigin.of(new String(userInvite.offer().content(), StandardCharsets.UTF_8));
    }

    @Override
    public CallId id() {
        return id;
    }

    /** The stage now; for tests and diagnostics (read on the call's executor to be exact). */
    public Stage stage() {
        return stage;
    }

    CallView view() {
        return record.view();
    }

    // ---- commands

    /**
     * Registers the call and sends leg A's INVITE. Runs on the calling thread when the executor is idle
     * (it is: the call is new), so the INVITE is on the wire when this returns.
     *
     * @throws CallbackStateException if the call was started before
     */
    void start(CallbackRecord rec) {
        executor.execute(() -> {
            if (stage != Stage.NEW) {
                throw new CallbackStateException(this, stage, "start");
            }
            record = rec;
            services.registry().add(this);
            a = services.legs().outbound(executor, userInvite, id + "/A");
            a.listener(this);
            move(Stage.CALLING_USER, "start");
            invitedAt = System.nanoTime();
            a.invite();
            if (!a.isEnded()) {
                CallLeg ringing = a;
                timer.schedule(services.config().ringTimeout(), () -> onUserRingTimeout(ringing));
            }
        });
    }

    /** Hangs up from the portal at any stage: both legs end (CANCEL or BYE as each needs). Any thread. */
    @Override
    public void hangupFromPortal(UserId by) {
        executor.execute(() -> {
            if (stage == Stage.ENDING || stage == Stage.ENDED) {
                return;
            }
            log.info("callback {} hung up from the portal by {} in {}", id, by, stage);
            if (by.equals(user.id())) {
                endWith(EndReason.PORTAL_HANGUP, targetAnswered ? EndReason.HANGUP_REMOTE : EndReason.CANCELLED);
            } else {
                endWith(targetAnswered ? EndReason.HANGUP_REMOTE : EndReason.DECLINED, EndReason.PORTAL_HANGUP);
            }
            move(Stage.ENDING, "portal hangup");
            hangupAll();
        });
    }

    // ---- leg events

    @Override
    public void onProgress(CallLeg leg, int status, String reason, Body body) {
        if (leg == b && stage == Stage.CALLING_TARGET && status > 100) {
            record.ringing();
        }
    }

    @Override
    public void onAnswered(CallLeg leg, Body body) {
        if (leg == a) {
            onUserAnswered(body);
        } else if (leg == b) {
            onTargetAnswered(body);
        } else {
            leg.hangup();
        }
    }

    private void onUserAnswered(Body answer) {
        if (stage != Stage.CALLING_USER) {
            a.hangup();
            return;
        }
        timer.cancel();
        long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - invitedAt);
        if (answer == null || !answer.isSdp() || !acceptAnswer(answer)) {
            endWith(EndReason.FAILED, null);
            move(Stage.ENDING, "answered without usable sdp");
            a.hangup();
            return;
        }
        a.ack(null);
        if (mailboxGuard && afterMs < services.config().minAnswer().toMillis()) {
            log.info("callback {} answered after {} ms, sooner than {} ms: a mailbox, released", id, afterMs,
                    services.config().minAnswer().toMillis());
            endWith(EndReason.NO_ANSWER, null);
            move(Stage.ENDING, "mailbox");
            a.hangup();
            return;
        }
        if (user.callbackConfirm()) {
            move(Stage.CONFIRMING, "answered");
            media.onDtmf(key -> executor.execute(() -> onKey(key)));
            media.play(List.of(services.prompts().clip(language, Prompt.PRESS_1)));
            timer.schedule(services.config().confirmTimeout(), this::onConfirmTimeout);
            return;
        }
        move(Stage.CALLING_TARGET, "answered");
        callTarget();
    }

    private boolean acceptAnswer(Body answer) {
        try {
            media.acceptAnswer(new String(answer.content(), StandardCharsets.UTF_8));
            return true;
        } catch (SdpException | IllegalStateException e) {
            log.info("callback {}: the user's answer is unusable: {}", id, e.getMessage());
            return false;
        }
    }

    /** A key from the user while the server's media has the call (RFC 4733 or SIP INFO). */
    private void onKey(char key) {
        if (stage != Stage.CONFIRMING) {
            return;
        }
        if (key != '1') {
            log.debug("callback {}: key {} ignored, waiting for 1", id, key);
            return;
        }
        timer.cancel();
        media.stopPlayback();
        move(Stage.CALLING_TARGET, "pressed 1");
        callTarget();
    }

    private void onConfirmTimeout() {
        if (stage != Stage.CONFIRMING) {
            return;
        }
        log.info("callback {}: 1 not pressed within {} s, released", id, services.config().confirmTimeout().toSeconds());
        endWith(EndReason.NO_ANSWER, null);
        move(Stage.ENDING, "not confirmed");
        a.hangup();
    }

    private void callTarget() {
        media.play(List.of(services.prompts().clip(language, Prompt.CONNECTING)));
        media.playLoop(Tone.RINGBACK);
        Destination d = services.destinations().resolve(user, destination);
        if (d instanceof Destination.Ring ring) {
            targetLine = ring.line();
            forwarding = ring.forwarding();
            if (ring.callee() != null) {
                record.targetCalled(ring.callee(), ring.target().redirectedTo(),
                        () -> hangupFromPortal(ring.callee().id()));
            }
            connect(ring.target());
        } else if (d instanceof Destination.Busy busy) {
            record.targetMissed(busy.callee(), EndReason.BUSY);
            announce(Prompt.TARGET_BUSY, EndReason.BUSY, "target busy");
        } else if (d instanceof Destination.Unavailable u) {
            record.targetMissed(u.callee(), EndReason.UNAVAILABLE);
            announce(Prompt.TARGET_UNAVAILABLE, EndReason.UNAVAILABLE, "target unavailable");
        } else if (d instanceof Destination.Refused r) {
            log.info("callback {}: {} -> {} refused now: {}", id, user.extension(), destination, r.reason());
            announce(Prompt.CALL_REFUSED, EndReason.FORBIDDEN, "refused");
        }
    }

    private void connect(Target t) {
        target = t;
        ringTimedOut = false;
        b = services.legs().outbound(executor, t.invite(), id + "/B");
        b.listener(this);
        log.debug("callback {} target {} -> {}", id, t.kind(), t.invite().requestUri());
        b.invite();
        if (t.ringTimeout() && !b.isEnded()) {
            CallLeg ringing = b;
            timer.schedule(services.config().ringTimeout(), () -> onTargetRingTimeout(ringing));
        }
    }

    private void onTargetAnswered(Body offer) {
        if (stage != Stage.CALLING_TARGET) {
            b.hangup();
            return;
        }
        timer.cancel();
        targetAnswered = true;
        if (offer == null || !offer.isSdp()) {
            log.info("callback {}: the target answered without an SDP offer", id);
            b.ack(null);
            b.hangup();
            endWith(EndReason.FAILED, EndReason.FAILED);
            announce(Prompt.TARGET_UNAVAILABLE, EndReason.FAILED, "answered without offer");
            return;
        }
        media.stopPlayback();
        move(Stage.BRIDGING, "target answered");
        reinviteUser(offer);
    }

    private void reinviteUser(Body targetOffer) {
        reinviteAttempts++;
        a.request("INVITE", towardUser.toUser(targetOffer), reply -> onUserReanswered(targetOffer, reply));
    }

    private void onUserReanswered(Body targetOffer, CallLeg.Reply reply) {
        if (stage != Stage.BRIDGING) {
            if (reply.isSuccess() && a.canAck()) {
                a.ack(null);
            }
            return;
        }
        if (reply.isSuccess() && reply.body() != null) {
            a.ack(null);
            b.ack(reply.body());
            closeMedia();
            move(Stage.CONNECTED, "bridged");
            record.answered();
            Duration limit = services.config().maxCallLength();
            if (!limit.isZero()) {
                timer.schedule(limit, this::onTimeLimit);
            }
            log.debug("callback {} bridged: {} <-> {}", id, userInvite.requestUri(), target.invite().requestUri());
            return;
        }
        if (reply.isSuccess()) {
            a.ack(null);
        } else if (reply.status() == 491 && reinviteAttempts < MAX_REINVITE_ATTEMPTS) {
            // RFC 3261 §14.1: we own the dialog's Call-ID, so retry after 2.1 to 4 s
            long wait = ThreadLocalRandom.current().nextLong(2100, 4001);
            timer.schedule(Duration.ofMillis(wait), () -> {
                if (stage == Stage.BRIDGING) {
                    reinviteUser(targetOffer);
                }
            });
            return;
        }
        log.info("callback {}: bridging re-INVITE to the user failed: {} {}", id, reply.status(), reply.reason());
        // B's 2xx carried an offer that now gets no answer: acknowledge it bare and hang up at once
        b.ack(null);
        b.hangup();
        endWith(EndReason.FAILED, EndReason.FAILED);
        announce(Prompt.TARGET_UNAVAILABLE, EndReason.FAILED, "bridge failed");
    }

    private void onTimeLimit() {
        if (stage != Stage.CONNECTED) {
            return;
        }
        log.info("callback {} lasted {} min, the longest allowed: hanging up both sides", id,
                services.config().maxCallLength().toMinutes());
        endWith(EndReason.TIME_LIMIT, EndReason.TIME_LIMIT);
        move(Stage.ENDING, "time limit");
        hangupAll();
    }

    @Override
    public void onRequest(CallLeg leg, InDialogRequest request) {
        if (stage == Stage.CONNECTED) {
            relay(leg, request);
            return;
        }
        if (stage == Stage.ENDING || stage == Stage.ENDED) {
            request.respond(481, "Call Leg Does Not Exist", null);
            return;
        }
        if (leg == a && "INFO".equals(request.method())) {
            Body body = request.body();
            Optional<Character> key = body == null ? Optional.empty()
                    : DtmfRelay.parse(body.type() + "/" + body.subType(), new String(body.content(), StandardCharsets.UTF_8));
            request.respond(200, "OK", null);
            key.ifPresent(this::injectKey);
            return;
        }
        if (leg == a && !mediaClosed && request.body() != null && request.body().isSdp()) {
            // the user's phone changes its media (hold, new address) while it hears our prompts
            try {
                String answer = media.answer(new String(request.body().content(), StandardCharsets.UTF_8));
                request.respond(200, "OK", towardUser.toUser(sdp(answer)));
            } catch (SdpException e) {
                request.respond(e.status(), null, null);
            }
            return;
        }
        request.respond(491, "Request Pending", null);
    }

    private void injectKey(char key) {
        try {
            media.injectDtmf(key);
        } catch (IllegalArgumentException e) {
            log.debug("callback {}: INFO key {} ignored", id, key);
        }
    }

    /** After the bridge: re-INVITE, UPDATE, INFO from one side go to the other, and the answer back. */
    private void relay(CallLeg leg, InDialogRequest request) {
        CallLeg other = leg == a ? b : a;
        if (other == null || other.isEnded()) {
            request.respond(481, "Call Leg Does Not Exist", null);
            return;
        }
        String method = request.method();
        Body offer = leg == b ? towardUser.toUser(request.body()) : request.body();
        other.request(method, offer, reply -> {
            Body answer = leg == a ? towardUser.toUser(reply.body()) : reply.body();
            request.respond(reply.status(), reply.reason(), answer);
            if (reply.isSuccess() && "INVITE".equals(method)) {
                if (offer == null) {
                    awaitingAckFrom = leg;
                } else if (other.canAck()) {
                    other.ack(null);
                }
            }
        });
    }

    @Override
    public void onModifyAck(CallLeg leg, Body body) {
        if (leg == awaitingAckFrom) {
            awaitingAckFrom = null;
            CallLeg other = leg == a ? b : a;
            if (other != null && other.canAck()) {
                other.ack(leg == b ? towardUser.toUser(body) : body);
            }
        }
    }

    @Override
    public void onEnded(CallLeg leg, LegEnd end) {
        if (leg == a) {
            onUserEnded(end);
        } else if (leg == b) {
            onTargetEnded(end);
        }
        finishIfDone();
    }

    private void onUserEnded(LegEnd end) {
        timer.cancel();
        switch (stage) {
            case CALLING_USER -> endWith(userNotReached(end), null);
            case CONFIRMING, CALLING_TARGET, ANNOUNCING -> endWith(userGone(end, EndReason.CANCELLED), EndReason.CANCELLED);
            case BRIDGING -> endWith(userGone(end, EndReason.CANCELLED), EndReason.HANGUP_REMOTE);
            case CONNECTED -> endWith(userGone(end, EndReason.HANGUP_LOCAL), EndReason.HANGUP_REMOTE);
            default -> {
                // ended by us; the reasons are set
            }
        }
        if (stage != Stage.ENDED) {
            move(Stage.ENDING, "user leg ended (" + end.cause() + ")");
        }
        closeMedia();
        if (b != null && !b.isEnded()) {
            b.hangup();
        }
    }

    private void onTargetEnded(LegEnd end) {
        switch (stage) {
            case CALLING_TARGET -> {
                timer.cancel();
                CallEnd why = legFailure(end);
                targetLine.release();
                Optional<Target> next = a.isEnded() ? Optional.empty() : forwarding.next(target, why);
                if (next.isPresent()) {
                    log.debug("callback {} target diverted to {} ({})", id, next.get().kind(), why);
                    record.targetDiverted(next.get().redirectedTo());
                    forwarding = Forwarding.NONE;
                    connect(next.get());
                    return;
                }
                switch (why) {
                    case BUSY -> announce(Prompt.TARGET_BUSY, EndReason.BUSY, "target busy");
                    case DECLINED -> announce(Prompt.TARGET_BUSY, EndReason.DECLINED, "target declined");
                    case NO_ANSWER -> announce(Prompt.NO_ANSWER, EndReason.NO_ANSWER, "no answer");
                    default -> announce(Prompt.TARGET_UNAVAILABLE, EndReason.UNAVAILABLE, "target unavailable");
                }
                endWith(null, reasonOf(why));
            }
            case BRIDGING, CONNECTED -> {
                boolean hungUp = end.cause() == LegEnd.Cause.BYE_RECEIVED;
                endWith(hungUp ? EndReason.HANGUP_REMOTE : EndReason.FAILED, hungUp ? EndReason.HANGUP_LOCAL : EndReason.FAILED);
                move(Stage.ENDING, "target leg ended (" + end.cause() + ")");
                a.hangup();
            }
            default -> {
                // ended by us (portal, the user hung up, a failed bridge); the reasons are set
            }
        }
    }

    // ---- timers

    private void onUserRingTimeout(CallLeg ringing) {
        if (stage == Stage.CALLING_USER && ringing == a && !a.isEnded()) {
            log.debug("callback {}: the user did not answer within {} s", id, services.config().ringTimeout().toSeconds());
            ringTimedOut = true;
            a.cancel();
        }
    }

    private void onTargetRingTimeout(CallLeg ringing) {
        if (stage == Stage.CALLING_TARGET && ringing == b && !b.isEnded()) {
            log.debug("callback {}: the target did not answer within {} s", id, services.config().ringTimeout().toSeconds());
            ringTimedOut = true;
            b.cancel();
        }
    }

    // ---- announcing a failure, then hanging up

    private void announce(Prompt prompt, EndReason reason, String event) {
        timer.cancel();
        endWith(reason, null);
        if (a.isEnded() || mediaClosed) {
            move(Stage.ENDING, event);
            hangupAll();
            return;
        }
        move(Stage.ANNOUNCING, event);
        media.stopPlayback();
        var clip = services.prompts().clip(language, prompt);
        media.play(List.of(clip)).whenComplete((done, failure) -> executor.execute(this::onAnnounced));
        timer.schedule(clip.duration().plus(ANNOUNCEMENT_SLACK), this::onAnnounced);
    }

    private void onAnnounced() {
        if (stage != Stage.ANNOUNCING) {
            return;
        }
        timer.cancel();
        move(Stage.ENDING, "announced");
        a.hangup();
    }

    // ---- ending

    private void hangupAll() {
        timer.cancel();
        if (a != null && !a.isEnded()) {
            a.hangup();
        }
        if (b != null && !b.isEnded()) {
            b.hangup();
        }
        closeMedia();
        finishIfDone();
    }

    private void finishIfDone() {
        if (stage == Stage.ENDED || (a != null && !a.isEnded()) || (b != null && !b.isEnded())) {
            return;
        }
        timer.cancel();
        closeMedia();
        userLine.release();
        targetLine.release();
        move(Stage.ENDED, "legs ended");
        EndReason forUser = userReason == null ? EndReason.FAILED : userReason;
        record.ended(forUser, targetReason == null ? forUser : targetReason);
        services.registry().remove(this);
        log.info("callback {} for {} to {} ended: {}", id, user.extension(), destination, forUser.wireName());
    }

    private void endWith(EndReason forUser, EndReason forTarget) {
        if (userReason == null) {
            userReason = forUser;
        }
        if (targetReason == null) {
            targetReason = forTarget;
        }
    }

    private void closeMedia() {
        if (!mediaClosed) {
            mediaClosed = true;
            media.close();
        }
    }

    /** Why leg A never reached the user. */
    private EndReason userNotReached(LegEnd end) {
        return reasonOf(legFailure(end));
    }

    /** The user's leg ended after the user answered: they hung up, or the network failed. */
    private static EndReason userGone(LegEnd end, EndReason hungUp) {
        return end.cause() == LegEnd.Cause.BYE_RECEIVED ? hungUp : EndReason.FAILED;
    }

    /**
     * Why a leg that was never answered ended. Unlike a call to a phone ({@code B2bCall}), a 480 here
     * counts as no answer: both legs usually go through the trunk, and gateways turn the network's
     * "no answer from user" (Q.850 cause 19) into 480 (RFC 3398).
     */
    private CallEnd legFailure(LegEnd end) {
        if (ringTimedOut) {
            return CallEnd.NO_ANSWER;
        }
        return switch (end.cause()) {
            case REJECTED_BY_PEER -> switch (end.status()) {
                case 486, 600 -> CallEnd.BUSY;
                case 603 -> CallEnd.DECLINED;
                case 408, 480 -> CallEnd.NO_ANSWER;
                default -> CallEnd.UNAVAILABLE;
            };
            case TIMEOUT, FAILED -> CallEnd.UNAVAILABLE;
            default -> CallEnd.FAILED;
        };
    }

    private static EndReason reasonOf(CallEnd why) {
        return switch (why) {
            case BUSY -> EndReason.BUSY;
            case DECLINED -> EndReason.DECLINED;
            case NO_ANSWER -> EndReason.NO_ANSWER;
            case UNAVAILABLE -> EndReason.UNAVAILABLE;
            default -> EndReason.FAILED;
        };
    }

    private void move(Stage to, String event) {
        if (stage != to && log.isDebugEnabled()) {
            log.debug("callback {} {} -> {} -> {}", id, stage, event, to);
        }
        stage = to;
    }

    private static Body sdp(String text) {
        return new Body("application", "sdp", text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "callback " + id + " (" + stage.name().toLowerCase(Locale.ROOT) + ")";
    }
}
