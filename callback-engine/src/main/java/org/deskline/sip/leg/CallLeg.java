package org.deskline.sip.leg;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.sip.leg.LegEnd.Cause;
import org.deskline.sip.stack.ResponseListener;
import org.deskline.sip.stack.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a call: a SIP dialog with one peer, as a small state machine ({@link LegState}) with one
 * method per event, reporting semantic events to its {@link LegListener}. An inbound leg wraps an
 * INVITE this server received (it answers as UAS); an outbound leg sends one (UAC). Both can then
 * send and receive BYE, re-INVITE, UPDATE and INFO, and both handle the 2xx/ACK exchange themselves:
 * a 2xx we send is retransmitted until its ACK (RFC 3261 §13.3.1.4, then BYE after 64·T1); a 2xx we
 * receive is acknowledged with {@link #ack(Body)} and re-acknowledged when retransmitted.
 *
 * <pre>
 *  inbound (UAS)                           outbound (UAC)
 *  INVITE ->  PROCEEDING                   NEW --invite()--> PROCEEDING
 *  progress() 18x -> EARLY                 1xx with tag   -> EARLY          (onProgress)
 *  answer()   200 -> ANSWERED              2xx            -> ANSWERED       (onAnswered)
 *  ACK            -> CONFIRMED (onConfirmed) ack()        -> CONFIRMED
 *  reject(), CANCEL  -> TERMINATED         3xx-6xx, timeout -> TERMINATED   (onEnded)
 *                                          cancel() -> CANCELLING -> 487 -> TERMINATED
 *  both: BYE received -> TERMINATED; hangup() -> TERMINATING -> BYE answered -> TERMINATED
 * </pre>
 *
 * <p>Every transition is logged once at debug level as {@code leg from -> event -> to}. A network
 * event the state does not expect (a late 180, a retransmission) is ignored; a command it does not
 * accept throws {@link LegStateException}.
 *
 * <p>Threading: confined to the leg's {@link SerialExecutor}, which the legs of one call share. The
 * public commands must be called on it; the {@code deliver*} methods may be called from any thread
 * and hop onto it. Listener events are delivered on it after the task that caused them.
 */
public final class CallLeg {
    private static final Logger log = LoggerFactory.getLogger(CallLeg.class);
    private static final long T1_MS = 500;
    private static final long T2_MS = 4_000;
    private static final long ACK_WAIT_MS = 64 * T1_MS;

    /** The final answer to a request this leg sent inside its dialog. */
    public record Reply(int status, String reason, Body body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    private final Legs legs;
    private final SipContext sip;
    private final SerialExecutor executor;
    private final boolean inbound;
    private final String label;
    private final Dialog dialog;
    private final LegKey key;
    private LegListener listener;
    private LegState state;
    private boolean ended;

    // inbound: the INVITE that created the leg
    private final ServerTransaction inviteTx;
    private final Request inviteRequest;
    // outbound: the INVITE this leg sends
    private final Legs.Invite outboundInvite;
    private ClientTransaction inviteCt;
    private boolean provisionalSeen;
    private boolean cancelWanted;
    // a 2xx we sent and its ACK not yet seen
    private Response unacked2xx;
    private long unacked2xxCseq;
    private final CallTimer retransmit;
    private long retransmitInterval;
    private long retransmitElapsed;
    private boolean byeAfterAck;
    // a 2xx we received and have not acknowledged yet; the last ACK we sent
    private Response toAck;
    private Request lastAck;
    // modifications in flight
    private InDialogRequest inboundModify;
    private boolean outboundModify;
    // a re-INVITE or UPDATE that overtook the ACK for our last 2xx (on another SIP thread), held until the ACK
    private Request overtaking;
    private ServerTransaction overtakingTx;
    // our re-INVITE or UPDATE waiting for the peer's ACK of our last 2xx before it can be sent
    private Runnable afterAck;

    private CallLeg(Legs legs, SerialExecutor executor, boolean inbound, String label, Dialog dialog,
            ServerTransaction inviteTx, Request inviteRequest, Legs.Invite outboundInvite, LegState initial) {
        this.legs = legs;
        this.sip = legs.sip();
        this.executor = executor;
        this.retransmit = new CallTimer(sip.timers(), executor);
        this.inbound = inbound;
        this.label = label;
        this.dialog = dialog;
        this.key = new LegKey(dialog.callId, dialog.localTag);
        this.inviteTx = inviteTx;
        this.inviteRequest = inviteRequest;
        this.outboundInvite = outboundInvite;
        this.state = initial;
    }

    static CallLeg inbound(Legs legs, SerialExecutor executor, ServerTransaction st, Request invite, String label) {
        ViaHeader via = (ViaHeader) invite.getHeader(ViaHeader.NAME);
        Dialog d = Dialog.uas(invite, SipContext.newTag(), via.getTransport().toLowerCase(Locale.ROOT));
        CallLeg leg = new CallLeg(legs, executor, true, label, d, st, invite, null, LegState.PROCEEDING);
        legs.registry().add(leg);
        legs.registry().addInvite(leg, d.callId, d.remoteTag());
        log.debug("{} created by INVITE from {} ({})", leg, ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress(),
                d);
        return leg;
    }

    static CallLeg outbound(Legs legs, SerialExecutor executor, Legs.Invite invite, String label) {
        String transport = transportOf(invite);
        String callId = SipContext.newCallId();
        Dialog d = Dialog.uac(callId, SipContext.newTag(), transport, invite.from(), invite.to(), invite.requestUri());
        CallLeg leg = new CallLeg(legs, executor, false, label, d, null, null, invite, LegState.NEW);
        legs.registry().add(leg);
        return leg;
    }

    private static String transportOf(Legs.Invite invite) {
        if (invite.requestUri() instanceof javax.sip.address.SipURI s && s.getTransportParam() != null) {
            return s.getTransportParam().toLowerCase(Locale.ROOT);
        }
        return "udp";
    }

    // ---- what the owner reads

    public LegKey key() {
        return key;
    }

    public LegState state() {
        return state;
    }

    public boolean isInbound() {
        return inbound;
    }

    public boolean isEnded() {
        return ended;
    }

    public SerialExecutor executor() {
        return executor;
    }

    public void listener(LegListener l) {
        this.listener = l;
    }

    /** The SDP (or other body) the leg was created with: the inbound INVITE's or the one we send. */
    public Body offer() {
        return inbound ? Body.of(inviteRequest) : outboundInvite.offer();
    }

    /** True when a 2xx this leg received waits for {@link #ack(Body)}. */
    public boolean canAck() {
        return toAck != null;
    }

    /** True when a re-INVITE or UPDATE can be sent now: the dialog is up and nothing is in flight. */
    public boolean canModify() {
        return state == LegState.CONFIRMED && !outboundModify && inboundModify == null && unacked2xx == null
                && toAck == null;
    }

    // ---- inbound commands

    /** Sends 100 Trying. */
    public void trying() {
        requireInbound("send 100", LegState.PROCEEDING, LegState.EARLY);
        sip.responder().send(inviteTx, sip.responder().create(inviteRequest, Response.TRYING, null));
    }

    /** Sends a provisional response (180, 183) with its body (early media) if any. */
    public void progress(int status, String reason, Body body) {
        requireInbound("send " + status, LegState.PROCEEDING, LegState.EARLY);
        Response r = sip.responder().create(inviteRequest, status, reason, dialog.localTag);
        r.addHeader(sip.contact(dialog.transport));
        Body.apply(body, r, sip.headers());
        sip.responder().send(inviteTx, r);
        move(LegState.EARLY, "progress " + status);
    }

    /** Answers 200 with {@code body}; retransmits it until the ACK arrives ({@link LegListener#onConfirmed}). */
    public void answer(Body body) {
        requireInbound("answer", LegState.PROCEEDING, LegState.EARLY);
        Response r = sip.responder().create(inviteRequest, Response.OK, null, dialog.localTag);
        r.addHeader(sip.contact(dialog.transport));
        Body.apply(body, r, sip.headers());
        sip.responder().send(inviteTx, r);
        move(LegState.ANSWERED, "answer");
        awaitAck(r, cseqOf(inviteRequest));
    }

    /** Refuses the INVITE with a final status (3xx–6xx); the leg ends. */
    public void reject(int status, String reason, List<Header> headers) {
        requireInbound("reject", LegState.PROCEEDING, LegState.EARLY);
        Response r = sip.responder().create(inviteRequest, status, reason, dialog.localTag);
        for (Header h : headers) {
            r.addHeader(h);
        }
        sip.responder().send(inviteTx, r);
        end(new LegEnd(Cause.REJECTED, status, reason), "reject " + status);
    }

    // ---- outbound commands

    /** Sends the INVITE. */
    public void invite() {
        if (inbound || state != LegState.NEW) {
            throw new LegStateException(this, "invite");
        }
        Request r = dialog.initialInvite(sip, outboundInvite.requestUri(), outboundInvite.maxForwards());
        for (Header h : outboundInvite.headers()) {
            r.addHeader(h);
        }
        Body.apply(outboundInvite.offer(), r, sip.headers());
        move(LegState.PROCEEDING, "invite");
        try {
            inviteCt = legs.transactions().send(r, new InviteResponses());
        } catch (SipException | RuntimeException e) {
            log.info("{} INVITE to {} could not be sent: {}", this, outboundInvite.requestUri(), e.getMessage());
            end(new LegEnd(Cause.FAILED, Response.SERVICE_UNAVAILABLE, e.getMessage()), "send failed");
        }
    }

    /**
     * Gives up the outbound INVITE: sends CANCEL (at once if a provisional response came, else when one
     * does). The leg ends with {@link Cause#CANCELLED} when the INVITE's final response arrives; a 2xx
     * that crosses the CANCEL is acknowledged and hung up.
     */
    public void cancel() {
        if (inbound) {
            throw new LegStateException(this, "cancel");
        }
        switch (state) {
            case NEW -> end(LegEnd.of(Cause.CANCELLED), "cancel");
            case PROCEEDING, EARLY -> {
                move(LegState.CANCELLING, "cancel");
                if (provisionalSeen) {
                    sendCancel();
                } else {
                    cancelWanted = true;
                }
            }
            default -> log.debug("{} cancel ignored in {}", this, state);
        }
    }

    /**
     * Acknowledges the 2xx received last (the INVITE's or a re-INVITE's), with the SDP answer when the
     * 2xx carried the offer.
     */
    public void ack(Body body) {
        if (toAck == null) {
            throw new LegStateException(this, "ack");
        }
        sendAck(body);
        if (state == LegState.ANSWERED) {
            move(LegState.CONFIRMED, "ack");
        }
    }

    // ---- both directions

    /**
     * Ends the leg whatever its state: BYE once the dialog is up (after the ACK, for an inbound leg),
     * CANCEL for an outbound INVITE not yet answered, 480 for an inbound one.
     */
    public void hangup() {
        switch (state) {
            case NEW -> end(LegEnd.of(Cause.CANCELLED), "hangup");
            case PROCEEDING, EARLY -> {
                if (inbound) {
                    reject(Response.TEMPORARILY_UNAVAILABLE, null, List.of());
                } else {
                    cancel();
                }
            }
            case ANSWERED -> {
                if (inbound) {
                    byeAfterAck = true;
                } else {
                    sendBye(Cause.BYE_SENT);
                }
            }
            case CONFIRMED -> sendBye(Cause.BYE_SENT);
            default -> log.debug("{} hangup ignored in {}", this, state);
        }
    }

    /**
     * Sends a request inside the dialog (re-INVITE, UPDATE, INFO) and reports its final answer on the
     * leg's executor. A 2xx to a re-INVITE must then be acknowledged with {@link #ack(Body)}. When the
     * dialog cannot carry it now the answer is 491 (a modification is in flight) or 481 (no dialog).
     */
    public void request(String method, Body body, Consumer<Reply> onFinal) {
        boolean modifies = Request.INVITE.equals(method) || Request.UPDATE.equals(method);
        if (!state.hasDialog() || state == LegState.TERMINATING) {
            executor.execute(() -> onFinal.accept(new Reply(481, "Call Leg Does Not Exist", null)));
            return;
        }
        if (modifies && !canModify()) {
            if (state == LegState.CONFIRMED && unacked2xx != null && afterAck == null && !outboundModify
                    && inboundModify == null && toAck == null) {
                log.debug("{} {} waits for the ACK of our last 2xx", this, method);
                afterAck = () -> request(method, body, onFinal);
                return;
            }
            executor.execute(() -> onFinal.accept(new Reply(491, "Request Pending", null)));
            return;
        }
        outboundModify |= modifies;
        Request r = dialog.request(sip, method);
        Body.apply(body, r, sip.headers());
        try {
            legs.transactions().send(r, new ResponseListener() {
                @Override
                public void onResponse(ResponseEvent event) {
                    Response resp = event.getResponse();
                    executor.execute(() -> onModifyResponse(method, resp, onFinal));
                }

                @Override
                public void onTimeout() {
                    executor.execute(() -> {
                        outboundModify &= !modifies;
                        onFinal.accept(new Reply(Response.REQUEST_TIMEOUT, "Request Timeout", null));
                    });
                }
            });
            log.debug("{} {} sent", this, method);
        } catch (SipException | RuntimeException e) {
            outboundModify &= !modifies;
            executor.execute(() -> onFinal.accept(new Reply(Response.SERVICE_UNAVAILABLE, e.getMessage(), null)));
        }
    }

    // ---- deliveries from the stack (any thread)

    /** An ACK for a 2xx of this dialog. */
    public void deliverAck(Request ack) {
        executor.execute(() -> onAck(ack));
    }

    /** A BYE of this dialog; the 200 has been sent already. */
    public void deliverBye(Request bye) {
        executor.execute(() -> onBye(bye));
    }

    /** A CANCEL for the INVITE that created this inbound leg; the 200 has been sent already. */
    public void deliverCancel() {
        executor.execute(this::onCancel);
    }

    /** Any other request of this dialog, with its server transaction. */
    public void deliverInDialog(Request request, ServerTransaction st) {
        executor.execute(() -> onInDialog(request, st));
    }

    /** A 2xx to one of our INVITEs that matched no client transaction (a retransmission, or another fork). */
    public void deliverStray2xx(Response response) {
        executor.execute(() -> onStray2xx(response));
    }

    // ---- event handlers (on the executor)

    private void onInviteResponse(Response r) {
        int status = r.getStatusCode();
        if (state == LegState.TERMINATED || state == LegState.TERMINATING) {
            if (status >= 200 && status < 300) {
                ackAndBye(r);
            }
            return;
        }
        if (status < 200) {
            provisionalSeen = true;
            if (cancelWanted) {
                sendCancel();
                return;
            }
            if (state == LegState.CANCELLING || status == Response.TRYING) {
                return;
            }
            if (((ToHeader) r.getHeader(ToHeader.NAME)).getTag() != null) {
                dialog.establishFrom(r);
                move(LegState.EARLY, "provisional " + status);
            }
            String reason = r.getReasonPhrase();
            Body body = Body.of(r);
            emit(l -> l.onProgress(this, status, reason, body));
        } else if (status < 300) {
            if (state == LegState.ANSWERED || state == LegState.CONFIRMED) {
                onStray2xx(r);
                return;
            }
            dialog.establishFrom(r);
            toAck = r;
            if (state == LegState.CANCELLING) {
                move(LegState.ANSWERED, "answered after cancel");
                sendBye(Cause.CANCELLED);
                return;
            }
            move(LegState.ANSWERED, "answered");
            Body body = Body.of(r);
            emit(l -> l.onAnswered(this, body));
        } else {
            Cause cause = state == LegState.CANCELLING ? Cause.CANCELLED : Cause.REJECTED_BY_PEER;
            end(new LegEnd(cause, status, r.getReasonPhrase()), "final " + status);
        }
    }

    private void onInviteTimeout() {
        if (state == LegState.PROCEEDING || state == LegState.EARLY || state == LegState.CANCELLING) {
            Cause cause = state == LegState.CANCELLING ? Cause.CANCELLED : Cause.TIMEOUT;
            end(new LegEnd(cause, Response.REQUEST_TIMEOUT, "Request Timeout"), "timeout");
        }
    }

    private void onCancel() {
        if (inbound && (state == LegState.PROCEEDING || state == LegState.EARLY)) {
            sip.responder().send(inviteTx,
                    sip.responder().create(inviteRequest, Response.REQUEST_TERMINATED, null, dialog.localTag));
            end(new LegEnd(Cause.CANCELLED_BY_PEER, Response.REQUEST_TERMINATED, null), "cancel received");
        }
    }

    private void onAck(Request ack) {
        if (unacked2xx == null || cseqOf(ack) != unacked2xxCseq) {
            return;
        }
        stopRetransmit();
        unacked2xx = null;
        Body body = Body.of(ack);
        if (state == LegState.ANSWERED) {
            move(LegState.CONFIRMED, "ack received");
            if (byeAfterAck) {
                sendBye(Cause.BYE_SENT);
                return;
            }
            emit(l -> l.onConfirmed(this, body));
        } else if (state == LegState.CONFIRMED) {
            emit(l -> l.onModifyAck(this, body));
        }
        if (overtaking != null) {
            Request held = overtaking;
            ServerTransaction heldTx = overtakingTx;
            overtaking = null;
            overtakingTx = null;
            executor.execute(() -> onModify(held, heldTx));
        }
        if (afterAck != null) {
            Runnable send = afterAck;
            afterAck = null;
            executor.execute(send);
        }
    }

    private void onBye(Request bye) {
        switch (state) {
            case PROCEEDING, EARLY -> {
                if (inbound) {
                    sip.responder().send(inviteTx,
                            sip.responder().create(inviteRequest, Response.REQUEST_TERMINATED, null, dialog.localTag));
                }
                end(new LegEnd(Cause.BYE_RECEIVED, Response.OK, null), "bye received");
            }
            case CANCELLING, ANSWERED, CONFIRMED -> end(new LegEnd(Cause.BYE_RECEIVED, Response.OK, null), "bye received");
            case TERMINATING -> end(new LegEnd(Cause.BYE_SENT, Response.OK, null), "bye crossed");
            default -> log.debug("{} BYE ignored in {}", this, state);
        }
    }

    private void onInDialog(Request request, ServerTransaction st) {
        String method = request.getMethod();
        if (state == LegState.TERMINATED || state == LegState.TERMINATING) {
            reply(request, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        if (!dialog.acceptRemoteCseq(cseqOf(request))) {
            reply(request, st, Response.SERVER_INTERNAL_ERROR, "CSeq out of order");
            return;
        }
        switch (method) {
            case Request.OPTIONS -> reply(request, st, Response.OK, null);
            case Request.INVITE, Request.UPDATE -> {
                if (unacked2xx != null && overtaking == null && inboundModify == null) {
                    log.debug("{} {} before the ACK: held until it comes", this, method);
                    overtaking = request;
                    overtakingTx = st;
                    return;
                }
                onModify(request, st);
            }
            case Request.INFO, Request.MESSAGE, Request.NOTIFY -> {
                InDialogRequest in = new InDialogRequest(this, request, st);
                emit(l -> l.onRequest(this, in));
            }
            default -> reply(request, st, Response.NOT_IMPLEMENTED, null);
        }
    }

    private void onModify(Request request, ServerTransaction st) {
        String method = request.getMethod();
        if (state == LegState.TERMINATED || state == LegState.TERMINATING) {
            reply(request, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        boolean pending = inboundModify != null || outboundModify || unacked2xx != null || toAck != null;
        if (pending || (Request.INVITE.equals(method) && state != LegState.CONFIRMED)) {
            reply(request, st, Response.REQUEST_PENDING, null);
            return;
        }
        dialog.updateTarget(request);
        InDialogRequest in = new InDialogRequest(this, request, st);
        inboundModify = in;
        log.debug("{} {} received", this, method);
        emit(l -> l.onRequest(this, in));
    }

    void respondInDialog(InDialogRequest in, int status, String reason, Body body) {
        Request request = in.request();
        Response r = sip.responder().create(request, status, reason, dialog.localTag);
        boolean ok = status >= 200 && status < 300;
        if (ok && (Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod()))) {
            r.addHeader(sip.contact(dialog.transport));
        }
        Body.apply(body, r, sip.headers());
        sip.responder().send(in.transaction(), r);
        if (in == inboundModify && status >= 200) {
            inboundModify = null;
        }
        if (ok && Request.INVITE.equals(request.getMethod()) && state == LegState.CONFIRMED) {
            awaitAck(r, cseqOf(request));
        }
    }

    private void onModifyResponse(String method, Response r, Consumer<Reply> onFinal) {
        int status = r.getStatusCode();
        if (status < 200) {
            return;
        }
        boolean modifies = Request.INVITE.equals(method) || Request.UPDATE.equals(method);
        outboundModify &= !modifies;
        if (status < 300 && modifies) {
            dialog.updateTarget(r);
        }
        if (status < 300 && Request.INVITE.equals(method)) {
            if (ended) {
                ackAndBye(r);
                return;
            }
            toAck = r;
        }
        onFinal.accept(new Reply(status, r.getReasonPhrase(), Body.of(r)));
    }

    private void onStray2xx(Response r) {
        String tag = ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
        if (dialog.remoteTag() != null && tag != null && !tag.equals(dialog.remoteTag())) {
            log.debug("{} second answer from another fork ({}): acknowledged and hung up", this, tag);
            ackAndBye(r);
            return;
        }
        if (lastAck != null && cseqOf(lastAck) == cseqOf(r)) {
            sendStateless(lastAck);
        }
    }

    // ---- sending

    private void sendAck(Body body) {
        Request ack = dialog.ack(sip, cseqOf(toAck));
        Body.apply(body, ack, sip.headers());
        toAck = null;
        lastAck = ack;
        sendStateless(ack);
    }

    private void sendCancel() {
        cancelWanted = false;
        try {
            legs.transactions().cancel(inviteCt);
        } catch (SipException | RuntimeException e) {
            log.debug("{} CANCEL not sent: {}", this, e.getMessage());
        }
    }

    private void sendBye(Cause cause) {
        if (toAck != null) {
            sendAck(null);
        }
        stopRetransmit();
        unacked2xx = null;
        move(LegState.TERMINATING, "bye sent");
        Request bye = dialog.request(sip, Request.BYE);
        try {
            legs.transactions().send(bye, new ResponseListener() {
                @Override
                public void onResponse(ResponseEvent event) {
                    int status = event.getResponse().getStatusCode();
                    String reason = event.getResponse().getReasonPhrase();
                    if (status >= 200) {
                        executor.execute(() -> end(new LegEnd(cause, status, reason), "bye answered " + status));
                    }
                }

                @Override
                public void onTimeout() {
                    executor.execute(() -> end(new LegEnd(cause, Response.REQUEST_TIMEOUT, "BYE timed out"), "bye timeout"));
                }
            });
        } catch (SipException | RuntimeException e) {
            log.debug("{} BYE not sent: {}", this, e.getMessage());
            end(new LegEnd(cause, 0, e.getMessage()), "bye failed");
        }
    }

    /** Acknowledges a 2xx that belongs to no live dialog of ours (a late answer, another fork) and hangs it up. */
    private void ackAndBye(Response r) {
        Dialog other = dialog.forkedBy(r);
        sendStateless(other.ack(sip, cseqOf(r)));
        try {
            legs.transactions().send(other.request(sip, Request.BYE), ResponseListener.NONE);
        } catch (SipException | RuntimeException e) {
            log.debug("{} BYE to a late answer not sent: {}", this, e.getMessage());
        }
    }

    private void sendStateless(Request request) {
        try {
            sip.provider().sendRequest(request);
        } catch (SipException | RuntimeException e) {
            log.debug("{} {} not sent: {}", this, request.getMethod(), e.getMessage());
        }
    }

    private void reply(Request request, ServerTransaction st, int status, String reason) {
        sip.responder().send(st, sip.responder().create(request, status, reason, dialog.localTag));
    }

    // ---- 2xx retransmission until ACK

    private void awaitAck(Response ok, long cseq) {
        unacked2xx = ok;
        unacked2xxCseq = cseq;
        retransmitElapsed = 0;
        boolean reliable = !"udp".equals(dialog.transport);
        retransmitInterval = reliable ? ACK_WAIT_MS : T1_MS;
        schedule();
    }

    private void schedule() {
        Response expected = unacked2xx;
        retransmit.schedule(Duration.ofMillis(retransmitInterval), () -> retransmitTick(expected));
    }

    private void retransmitTick(Response expected) {
        if (unacked2xx == null || unacked2xx != expected || ended) {
            return;
        }
        retransmitElapsed += retransmitInterval;
        if (retransmitElapsed >= ACK_WAIT_MS) {
            log.info("{} no ACK for 2xx within {} s: hanging up", this, ACK_WAIT_MS / 1000);
            unacked2xx = null;
            sendBye(Cause.TIMEOUT);
            return;
        }
        try {
            sip.provider().sendResponse(unacked2xx);
        } catch (SipException | RuntimeException e) {
            log.debug("{} 2xx retransmission failed: {}", this, e.getMessage());
        }
        retransmitInterval = Math.min(retransmitInterval * 2, T2_MS);
        schedule();
    }

    private void stopRetransmit() {
        retransmit.cancel();
    }

    // ---- state

    private void move(LegState to, String event) {
        if (log.isDebugEnabled()) {
            log.debug("{} {} -> {} -> {}", this, state, event, to);
        }
        state = to;
    }

    private void end(LegEnd end, String event) {
        if (ended) {
            return;
        }
        ended = true;
        move(LegState.TERMINATED, event);
        stopRetransmit();
        if (inboundModify != null && !inboundModify.isAnswered()) {
            inboundModify.respond(Response.REQUEST_TERMINATED, null, null);
        }
        if (overtaking != null) {
            reply(overtaking, overtakingTx, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            overtaking = null;
        }
        if (afterAck != null) {
            Runnable send = afterAck;
            afterAck = null;
            executor.execute(send);
        }
        legs.registry().remove(this, inbound ? dialog.callId : null, inbound ? dialog.remoteTag() : null);
        emit(l -> l.onEnded(this, end));
    }

    private void emit(Consumer<LegListener> event) {
        executor.execute(() -> {
            LegListener l = listener;
            if (l != null) {
                event.accept(l);
            }
        });
    }

    private void requireInbound(String operation, LegState... allowed) {
        if (!inbound) {
            throw new LegStateException(this, operation);
        }
        for (LegState s : allowed) {
            if (state == s) {
                return;
            }
        }
        throw new LegStateException(this, operation);
    }

    private static long cseqOf(Message m) {
        return ((CSeqHeader) m.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    @Override
    public String toString() {
        return label;
    }

    private final class InviteResponses implements ResponseListener {
        @Override
        public void onResponse(ResponseEvent event) {
            Response r = event.getResponse();
            executor.execute(() -> onInviteResponse(r));
        }

        @Override
        public void onTimeout() {
            executor.execute(CallLeg.this::onInviteTimeout);
        }
    }
}
