package org.deskline.testkit.sip;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.testkit.Await;
import org.deskline.testkit.rtp.RtpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of a {@link SipPhone}, outgoing or incoming: its state, the INVITE and responses, the
 * SDP exchanged and the RTP peer, with operations (answer, hang up, cancel, hold, ...) and bounded
 * waits that fail with the phone's SIP log.
 *
 * <p>Threading: the {@code on*} methods run on the phone's actor thread, which alone changes the
 * call; public methods run their SIP work there too and may be called from any other thread. The
 * blocking ones wait at most the phone's timeout. State reads are synchronized snapshots.
 */
public final class Call {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    public enum Direction { OUTGOING, INCOMING }

    private final SipPhone phone;
    private final Direction direction;
    private final String callId;
    final long createdNanos = System.nanoTime();
    private final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);

    // written on the actor thread only, read under the monitor
    private CallState state;
    private final EnumSet<CallState> visited = EnumSet.noneOf(CallState.class);
    private EndReason endReason;
    private Request invite;
    private ClientTransaction inviteCt;
    private ServerTransaction inviteSt;
    private Dialog dialog;
    private CompletableFuture<Response> inviteDone;
    private final List<Response> inviteResponses = new ArrayList<>();
    private Response finalResponse;
    private String toTag;
    private Sdp localSdp;
    private Sdp remoteSdp;
    private long sdpVersion;
    private Sdp.Direction localDirection = Sdp.Direction.SENDRECV;
    private boolean remoteHold;
    private RtpPeer rtp;
    private volatile boolean provisionalReceived;
    private volatile boolean cancelRequested;
    private volatile boolean cancelSent;
    private volatile boolean answered;
    private final List<Request> inDialogRequests = new ArrayList<>();
    private final StringBuilder infoDigits = new StringBuilder();

    Call(SipPhone phone, Direction direction, String callId) {
        this.phone = phone;
        this.direction = direction;
        this.callId = callId;
    }

    // ============================================================ queries

    public Direction direction() {
        return direction;
    }

    public String callId() {
        return callId;
    }

    public SipPhone phone() {
        return phone;
    }

    public synchronized CallState state() {
        return state;
    }

    /** Why the call ended; empty while it lasts. */
    public synchronized Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    public synchronized boolean isTerminated() {
        return state == CallState.TERMINATED;
    }

    /** The initial INVITE: as sent last (with credentials, if challenged) or as received. */
    public synchronized Request invite() {
        return invite;
    }

    /** The Request-URI of the initial INVITE. */
    public String requestUri() {
        return invite().getRequestURI().toString();
    }

    /** The first value of header {@code name} of the initial INVITE (without the name), if any. */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of header {@code name} of the initial INVITE, e.g. all Diversion or History-Info entries. */
    public List<String> headers(String name) {
        return SipPhone.headerValues(invite(), name);
    }

    public String from() {
        return header("From").orElse("");
    }

    public String to() {
        return header("To").orElse("");
    }

    /** Outgoing: every response to the initial INVITE so far (challenges and provisionals included). */
    public synchronized List<Response> responses() {
        return List.copyOf(inviteResponses);
    }

    /** Status codes of {@link #responses()}, e.g. [401, 100, 180, 200]. */
    public synchronized List<Integer> statusCodes() {
        return inviteResponses.stream().map(Response::getStatusCode).toList();
    }

    /** The final response to the initial INVITE: received (outgoing) or sent (incoming). */
    public synchronized Optional<Response> finalResponse() {
        return Optional.ofNullable(finalResponse);
    }

    public synchronized Optional<Sdp> localSdp() {
        return Optional.ofNullable(localSdp);
    }

    public synchronized Optional<Sdp> remoteSdp() {
        return Optional.ofNullable(remoteSdp);
    }

    /** Whether the other side's last offer put this call on hold (sendonly, inactive or c=0.0.0.0). */
    public synchronized boolean remoteHold() {
        return remoteHold;
    }

    /** The direction of this phone's last SDP. */
    public synchronized Sdp.Direction localDirection() {
        return localDirection;
    }

    /** The call's RTP peer (automatic SDP only). */
    public synchronized RtpPeer rtp() {
        if (rtp == null) {
            throw new IllegalStateException("call " + callId + " has no RTP peer (automatic SDP is off or no SDP yet)");
        }
        return rtp;
    }

    /** Outgoing: cancel() was called and the CANCEL waits for a provisional response or for the final one. */
    public synchronized boolean cancelPending() {
        return cancelRequested && finalResponse == null;
    }

    /** Digits received in INFO requests (application/dtmf-relay or application/dtmf), in order. */
    public synchronized String infoDigits() {
        return infoDigits.toString();
    }

    /** Requests received inside this call after the INVITE (re-INVITE, UPDATE, INFO, BYE, ...). */
    public synchronized List<Request> receivedRequests() {
        return List.copyOf(inDialogRequests);
    }

    // ============================================================== waits

    /** Waits until the call has been in {@code wanted}; fails at once if it ended without. */
    public void awaitState(CallState wanted, Duration timeout) {
        Await.value(timeout, phone.name() + " call " + shortId() + " to reach " + wanted, () -> {
            synchronized (this) {
                if (visited.contains(wanted)) {
                    return Optional.of(true);
                }
                if (state == CallState.TERMINATED) {
                    throw new AssertionError(phone.name() + " call " + shortId() + " ended (" + endReason
                            + (finalResponse != null ? ", final " + finalResponse.getStatusCode() : "")
                            + ") without reaching " + wanted + "\n" + phone.describe());
                }
                return Optional.empty();
            }
        }, phone::describe, phone.signal);
    }

    public void awaitState(CallState wanted) {
        awaitState(wanted, phone.timeout());
    }

    public void awaitConfirmed() {
        awaitState(CallState.CONFIRMED);
    }

    public void awaitTerminated(Duration timeout) {
        awaitState(CallState.TERMINATED, timeout);
    }

    public void awaitTerminated() {
        awaitState(CallState.TERMINATED);
    }

    /** Waits for the final response to the initial INVITE (received for outgoing calls, sent for incoming). */
    public Response awaitFinal(Duration timeout) {
        return Await.value(timeout, phone.name() + " call " + shortId() + " to get a final response",
                this::finalResponse, phone::describe, phone.signal);
    }

    public Response awaitFinal() {
        return awaitFinal(phone.timeout());
    }

    /** Waits for a response with {@code status} to the initial INVITE (e.g. 180, 183). */
    public Response awaitResponse(int status, Duration timeout) {
        return Await.value(timeout, phone.name() + " call " + shortId() + " to get " + status, () -> {
            synchronized (this) {
                return inviteResponses.stream().filter(r -> r.getStatusCode() == status).findFirst();
            }
        }, phone::describe, phone.signal);
    }

    /** Waits for the next request of {@code method} in this call not returned before. */
    public Request awaitRequest(String method, Duration timeout) {
        return (Request) phone.log().awaitNext(phone.name() + " call " + shortId() + " to receive " + method,
                e -> e.direction() == SipLog.Direction.IN && e.isRequest() && e.method().equals(method)
                        && e.callId().equals(callId), timeout).message();
    }

    /** Waits until the other side put this call on hold ({@code true}) or took it off hold. */
    public void awaitRemoteHold(boolean held, Duration timeout) {
        Await.until(timeout, phone.name() + " call " + shortId() + " remote hold = " + held,
                () -> remoteHold() == held, phone::describe);
    }

    /** Waits until {@code digits} arrived as INFO dtmf-relay. */
    public void awaitInfoDigits(String digits, Duration timeout) {
        Await.until(timeout, phone.name() + " call " + shortId() + " to receive INFO digits " + digits,
                () -> infoDigits().equals(digits), phone::describe);
    }

    // ========================================================= operations

    /** Incoming: sends 180 Ringing. */
    public void ring() {
        phone.onActor(() -> {
            requireIncoming("ring");
            if (state == CallState.INCOMING) {
                phone.respond(inviteSt, Response.RINGING, toTag, true, null);
                transition(CallState.EARLY, "180 sent");
            }
            return null;
        });
    }

    /** Incoming: answers 200 OK with automatic SDP. */
    public void answer() {
        answer(null);
    }

    /** Incoming: answers 200 OK with {@code sdp} (null for automatic). */
    public void answer(String sdp) {
        phone.onActor(() -> {
            requireIncoming("answer");
            if (answered || state == CallState.TERMINATED) {
                throw new IllegalStateException("call " + shortId() + " already " + (answered ? "answered" : "ended"));
            }
            doAnswer(sdp);
            return null;
        });
    }

    /** Incoming: a final response of 300..699, e.g. 486 Busy Here. */
    public void reject(int status) {
        phone.onActor(() -> {
            requireIncoming("reject");
            if (answered || state == CallState.TERMINATED) {
                throw new IllegalStateException("call " + shortId() + " already " + (answered ? "answered" : "ended"));
            }
            doReject(status);
            return null;
        });
    }

    /** Sends BYE and returns its final response. */
    public Response hangup() {
        SipPhone.Outstanding o = phone.onActor(() -> {
            boolean established = state == CallState.CONFIRMED || (answered && state != CallState.TERMINATED);
            if (!established) {
                throw new IllegalStateException("cannot send BYE in call " + shortId() + " in state " + state
                        + " (use cancel() or reject())");
            }
            SipPhone.Outstanding sent = sendInDialog(Request.BYE, null, null);
            end(EndReason.HANGUP_LOCAL, "BYE sent");
            return sent;
        });
        return phone.awaitResponse(o.done, "final response to BYE in call " + shortId());
    }

    /**
     * Outgoing: CANCEL (sent as soon as a provisional response has arrived, as RFC 3261 requires)
     * and returns the INVITE's final response, normally 487.
     */
    public Response cancel() {
        CompletableFuture<Response> done = phone.onActor(() -> {
            if (direction != Direction.OUTGOING) {
                throw new IllegalStateException("only outgoing calls can be cancelled; reject() an incoming one");
            }
            if (finalResponse != null) {
                throw new IllegalStateException("call " + shortId() + " already got " + finalResponse.getStatusCode());
            }
            cancelRequested = true;
            if (provisionalReceived && !cancelSent) {
                sendCancel();
            }
            return inviteDone;
        });
        return phone.awaitResponse(done, "final response to the cancelled INVITE of call " + shortId());
    }

    /** Ends the call whatever its state: BYE, CANCEL or 480; returns without waiting for responses. */
    public void end() {
        phone.onActor(() -> {
            if (state == CallState.TERMINATED) {
                return null;
            }
            if (state == CallState.CONFIRMED || answered) {
                sendInDialog(Request.BYE, null, null);
                end(EndReason.HANGUP_LOCAL, "BYE sent");
            } else if (direction == Direction.INCOMING) {
                doReject(Response.TEMPORARILY_UNAVAILABLE);
            } else {
                cancelRequested = true;
                if (provisionalReceived && !cancelSent) {
                    sendCancel();
                }
            }
            return null;
        });
    }

    /** re-INVITE with {@code a=sendonly} (RFC 3264 hold); returns the final response. */
    public Response hold() {
        return reinviteWith(() -> createOffer(Sdp.Direction.SENDONLY, false));
    }

    /** re-INVITE with {@code c=0.0.0.0} (RFC 2543 hold). */
    public Response holdWithZeroConnection() {
        return reinviteWith(() -> createOffer(Sdp.Direction.SENDRECV, true));
    }

    /** re-INVITE with {@code a=sendrecv} and the real address. */
    public Response resume() {
        return reinviteWith(() -> createOffer(Sdp.Direction.SENDRECV, false));
    }

    /** re-INVITE with the given SDP (null: no SDP, the offer then comes in the 2xx). */
    public Response reinvite(String sdp) {
        return reinviteWith(() -> sdp);
    }

    /** UPDATE with a fresh automatic offer. */
    public Response update() {
        SipPhone.Outstanding o = phone.onActor(() -> {
            String offer = createOffer(Sdp.Direction.SENDRECV, false);
            return sendInDialog(Request.UPDATE, Sdp.CONTENT_TYPE, offer);
        });
        return phone.awaitResponse(o.done, "final response to UPDATE in call " + shortId());
    }

    /** UPDATE with the given SDP (null: no body, e.g. a session refresh). */
    public Response update(String sdp) {
        SipPhone.Outstanding o = phone.onActor(() -> {
            if (sdp != null) {
                offerSent(sdp);
            }
            return sendInDialog(Request.UPDATE, sdp == null ? null : Sdp.CONTENT_TYPE, sdp);
        });
        return phone.awaitResponse(o.done, "final response to UPDATE in call " + shortId());
    }

    /** INFO with an arbitrary body. */
    public Response info(String contentType, String body) {
        SipPhone.Outstanding o = phone.onActor(() -> sendInDialog(Request.INFO, contentType, body));
        return phone.awaitResponse(o.done, "final response to INFO in call " + shortId());
    }

    /** One INFO per digit, {@code application/dtmf-relay} with {@code Signal=x} and {@code Duration=160}. */
    public void sendDtmfInfo(String digits) {
        for (char digit : digits.toCharArray()) {
            Response r = info("application/dtmf-relay", "Signal=" + digit + "\r\nDuration=160\r\n");
            if (r.getStatusCode() / 100 != 2) {
                throw new AssertionError("INFO for digit " + digit + " got " + r.getStatusCode() + "\n" + phone.describe());
            }
        }
    }

    // ========================================================= actor side

    void inviteSent(Request request, ClientTransaction ct) {
        synchronized (this) {
            invite = request;
            inviteCt = ct;
            dialog = ct.getDialog();
        }
        if (state == null) {
            transition(CallState.CALLING, "INVITE sent");
        }
    }

    void inviteDone(CompletableFuture<Response> done) {
        this.inviteDone = done;
    }

    void inviteReceived(ServerTransaction st, Request request) {
        synchronized (this) {
            invite = request;
            inviteSt = st;
            dialog = st.getDialog();
            toTag = SipPhone.newTag();
            String body = SipPhone.body(request);
            if (body != null) {
                remoteSdp = Sdp.parse(body);
                remoteHold = remoteSdp.isHold();
            }
        }
        ensureRtp();
        transition(CallState.INCOMING, "INVITE received from " + from());
    }

    void applyPolicy(AnswerPolicy policy) {
        if (policy instanceof AnswerPolicy.AnswerImmediately) {
            doAnswer(null);
        } else if (policy instanceof AnswerPolicy.RingThenAnswer) {
            doRing();
            phone.schedule(((AnswerPolicy.RingThenAnswer) policy).ringing(), "answering " + shortId(), () -> {
                if (state != CallState.TERMINATED && !answered) {
                    doAnswer(null);
                }
            });
        } else if (policy instanceof AnswerPolicy.Reject) {
            doReject(((AnswerPolicy.Reject) policy).status());
        } else if (policy instanceof AnswerPolicy.RingThenReject) {
            AnswerPolicy.RingThenReject r = (AnswerPolicy.RingThenReject) policy;
            doRing();
            phone.schedule(r.ringing(), "rejecting " + shortId(), () -> {
                if (state != CallState.TERMINATED && !answered) {
                    doReject(r.status());
                }
            });
        } else if (policy instanceof AnswerPolicy.NeverAnswer) {
            doRing();
        }
    }

    private void doRing() {
        phone.respond(inviteSt, Response.RINGING, toTag, true, null);
        transition(CallState.EARLY, "180 sent");
    }

    private void doAnswer(String explicitSdp) {
        String body;
        if (explicitSdp != null) {
            body = explicitSdp;
            synchronized (this) {
                localSdp = Sdp.parse(explicitSdp);
            }
        } else if (remoteSdp != null) {
            body = answerFor(remoteSdp);
            if (body == null) {
                doReject(Response.NOT_ACCEPTABLE_HERE);
                return;
            }
        } else {
            body = createOffer(Sdp.Direction.SENDRECV, false); // late offer: ours goes in the 200
            if (body != null) {
                offerSent(body);
            }
        }
        Response ok = phone.respond(inviteSt, Response.OK, toTag, true, body);
        synchronized (this) {
            answered = true;
            finalResponse = ok;
        }
        log.info("{} call {}: {} -> 200 sent -> (awaiting ACK)", phone.name(), shortId(), state);
        startMedia();
        phone.signalChange();
    }

    private void doReject(int status) {
        Response response = phone.respond(inviteSt, status, toTag, false, null);
        synchronized (this) {
            finalResponse = response;
        }
        end(EndReason.REJECTED_LOCALLY, status + " sent");
    }

    /** Every response to the initial INVITE, challenges included, in arrival order. */
    synchronized void recordInviteResponse(Response response) {
        inviteResponses.add(response);
    }

    void onProvisional(SipPhone.Outstanding o, Response response) {
        if (o.kind != SipPhone.Outstanding.Kind.INITIAL_INVITE) {
            return;
        }
        provisionalReceived = true;
        String body = SipPhone.body(response);
        if (body != null && localSdp != null) {
            applyAnswer(Sdp.parse(body)); // early media
        }
        if (response.getStatusCode() > 100 && state == CallState.CALLING) {
            transition(CallState.EARLY, String.valueOf(response.getStatusCode()));
        } else {
            phone.signalChange();
        }
        if (cancelRequested && !cancelSent) {
            sendCancel();
        }
    }

    void onFinal(SipPhone.Outstanding o, Response response, Dialog eventDialog) {
        int status = response.getStatusCode();
        switch (o.kind) {
            case INITIAL_INVITE:
                onInitialFinal(o, response, eventDialog);
                break;
            case REINVITE:
                if (status / 100 == 2) {
                    boolean weOffered = o.request.getRawContent() != null;
                    acknowledge(response, eventDialog != null ? eventDialog : o.transaction.getDialog(), weOffered);
                }
                break;
            case OTHER:
                String body = SipPhone.body(response);
                if (status / 100 == 2 && body != null && Request.UPDATE.equals(o.request.getMethod())) {
                    applyAnswer(Sdp.parse(body));
                }
                break;
            default:
                break;
        }
        phone.signalChange();
    }

    private void onInitialFinal(SipPhone.Outstanding o, Response response, Dialog eventDialog) {
        int status = response.getStatusCode();
        synchronized (this) {
            finalResponse = response;
        }
        if (status / 100 == 2) {
            Dialog d = eventDialog != null ? eventDialog : o.transaction.getDialog();
            synchronized (this) {
                dialog = d;
            }
            acknowledge(response, d, localSdp != null);
            if (cancelRequested || state == CallState.TERMINATED) {
                sendInDialog(Request.BYE, null, null); // 2xx crossed our CANCEL: ACK, then BYE
                end(EndReason.CANCELLED_LOCALLY, status + " after CANCEL, BYE sent");
            } else {
                transition(CallState.CONFIRMED, status + ", ACK sent");
                startMedia();
            }
        } else if (o.timedOut) {
            end(EndReason.TIMEOUT, "no final response");
        } else if (cancelSent && status == Response.REQUEST_TERMINATED) {
            end(EndReason.CANCELLED_LOCALLY, String.valueOf(status));
        } else {
            end(EndReason.REJECTED_BY_REMOTE, String.valueOf(status));
        }
    }

    /** ACKs a 2xx; {@code weOffered} false means the 2xx carries the offer and the ACK the answer. */
    private void acknowledge(Response response, Dialog d, boolean weOffered) {
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = d.createAck(cseq);
            String body = SipPhone.body(response);
            if (body != null) {
                Sdp remote = Sdp.parse(body);
                if (weOffered) {
                    applyAnswer(remote);
                } else {
                    String answer = answerFor(remote);
                    if (answer != null) {
                        ack.setContent(answer, phone.sdpType());
                    }
                }
            }
            phone.sendAck(d, ack);
        } catch (SipException | InvalidArgumentException | ParseException e) {
            throw new IllegalStateException(phone.name() + ": cannot ACK " + response.getStatusCode(), e);
        }
    }

    void onRetransmitted2xx(Response response, Dialog eventDialog) {
        Dialog d = eventDialog != null ? eventDialog : dialog;
        if (d != null) {
            try {
                SipPhone.resendAck(d);
            } catch (SipException e) {
                log.debug("{}: cannot re-ACK a retransmitted {}", phone.name(), response.getStatusCode(), e);
            }
        }
    }

    void onAck(Request ack, Dialog d) {
        String body = SipPhone.body(ack);
        if (body != null) {
            Sdp remote = Sdp.parse(body);
            synchronized (this) {
                remoteSdp = remote;
            }
            applyAnswer(remote);
        }
        if (answered && state != CallState.CONFIRMED && state != CallState.TERMINATED) {
            transition(CallState.CONFIRMED, "ACK received");
        }
    }

    void onReInvite(ServerTransaction st, Request request) {
        synchronized (this) {
            inDialogRequests.add(request);
        }
        String body = SipPhone.body(request);
        String answer;
        if (body != null) {
            Sdp offer = Sdp.parse(body);
            answer = answerFor(offer);
            if (answer == null) {
                phone.respond(st, Response.NOT_ACCEPTABLE_HERE, null, false, null);
                return;
            }
        } else {
            answer = createOffer(Sdp.Direction.SENDRECV, false); // offer in the 2xx, answer in the ACK
            if (answer != null) {
                offerSent(answer);
            }
        }
        phone.respond(st, Response.OK, null, true, answer);
        log.info("{} call {}: re-INVITE answered ({})", phone.name(), shortId(), remoteHold ? "held" : "active");
        phone.signalChange();
    }

    void onUpdate(ServerTransaction st, Request request) {
        synchronized (this) {
            inDialogRequests.add(request);
        }
        String body = SipPhone.body(request);
        String answer = null;
        if (body != null) {
            answer = answerFor(Sdp.parse(body));
            if (answer == null) {
                phone.respond(st, Response.NOT_ACCEPTABLE_HERE, null, false, null);
                return;
            }
        }
        phone.respond(st, Response.OK, null, true, answer);
        phone.signalChange();
    }

    void onInfo(Request request) {
        String body = SipPhone.body(request);
        synchronized (this) {
            inDialogRequests.add(request);
            ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
            if (body != null && type != null && "dtmf-relay".equalsIgnoreCase(type.getContentSubType())) {
                for (String line : body.split("\r?\n")) {
                    String[] kv = line.split("=", 2);
                    if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("Signal") && !kv[1].trim().isEmpty()) {
                        infoDigits.append(kv[1].trim().charAt(0));
                    }
                }
            } else if (body != null && type != null && "dtmf".equalsIgnoreCase(type.getContentSubType())
                    && !body.trim().isEmpty()) {
                infoDigits.append(body.trim().charAt(0)); // application/dtmf: the digit alone
            }
        }
        phone.signalChange();
    }

    void onBye(Request request) {
        synchronized (this) {
            inDialogRequests.add(request);
        }
        if (state != CallState.TERMINATED) {
            end(EndReason.HANGUP_REMOTE, "BYE received");
        }
    }

    void onCancel(Request request) {
        synchronized (this) {
            inDialogRequests.add(request);
        }
        if (!answered && state != CallState.TERMINATED) {
            Response terminated = phone.respond(inviteSt, Response.REQUEST_TERMINATED, toTag, false, null);
            synchronized (this) {
                finalResponse = terminated;
            }
            end(EndReason.CANCELLED_BY_REMOTE, "CANCEL received, 487 sent");
        }
    }

    // ============================================================ helpers

    private Response reinviteWith(Supplier<String> sdpOnActor) {
        SipPhone.Outstanding o = phone.onActor(() -> {
            if (state != CallState.CONFIRMED) {
                throw new IllegalStateException("re-INVITE needs a confirmed call; " + shortId() + " is " + state);
            }
            String sdp = sdpOnActor.get();
            if (sdp != null) {
                offerSent(sdp);
            }
            return sendInDialog(Request.INVITE, sdp == null ? null : Sdp.CONTENT_TYPE, sdp);
        });
        return phone.awaitResponse(o.done, "final response to re-INVITE in call " + shortId());
    }

    private SipPhone.Outstanding sendInDialog(String method, String contentType, String body) {
        Dialog d = dialog;
        if (d == null) {
            throw new IllegalStateException("call " + shortId() + " has no dialog");
        }
        try {
            Request request = d.createRequest(method);
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                request.setHeader(phone.contactHeader());
            }
            if (body != null) {
                String[] type = contentType.split("/", 2);
                request.setContent(body, phone.headers.createContentTypeHeader(type[0], type[1]));
            }
            SipPhone.Outstanding.Kind kind = Request.INVITE.equals(method) ? SipPhone.Outstanding.Kind.REINVITE
                    : SipPhone.Outstanding.Kind.OTHER;
            return phone.send(request, d, this, kind, null);
        } catch (SipException | ParseException e) {
            throw new IllegalStateException(phone.name() + ": cannot send " + method + " in call " + shortId(), e);
        }
    }

    private void sendCancel() {
        try {
            Request cancel = inviteCt.createCancel();
            phone.send(cancel, null, this, SipPhone.Outstanding.Kind.CANCEL, null);
            cancelSent = true;
            log.info("{} call {}: CANCEL sent", phone.name(), shortId());
        } catch (SipException e) {
            throw new IllegalStateException(phone.name() + ": cannot CANCEL call " + shortId(), e);
        }
    }

    private void ensureRtp() {
        if (rtp == null && phone.options.autoSdp) {
            RtpPeer peer = phone.openRtp(callId);
            synchronized (this) {
                rtp = peer;
            }
        }
    }

    /** Builds this phone's offer (all its codecs and telephone-event 101) and records it as the local SDP. */
    String createOffer(Sdp.Direction dir, boolean zeroAddress) {
        ensureRtp();
        if (rtp == null) {
            return localSdp == null ? null : localSdp.text();
        }
        String text = Sdp.build(sdpSessionId, ++sdpVersion, zeroAddress ? "0.0.0.0" : SipPhone.HOST, rtp.port(),
                phone.options.codecs, Sdp.TELEPHONE_EVENT, dir);
        return text;
    }

    void offerSent(String sdp) {
        Sdp offer = Sdp.parse(sdp);
        synchronized (this) {
            localSdp = offer;
            localDirection = offer.direction();
        }
    }

    /** This phone's answer to {@code offer} (first common codec, mirrored direction); null if no codec fits. */
    private String answerFor(Sdp offer) {
        ensureRtp();
        synchronized (this) {
            remoteSdp = offer;
            remoteHold = offer.isHold();
        }
        if (rtp == null) {
            return localSdp == null ? null : localSdp.text();
        }
        Optional<Integer> codec = offer.payloadTypes().stream().filter(phone.options.codecs::contains).findFirst();
        if (codec.isEmpty()) {
            return null;
        }
        Sdp.Direction dir = offer.direction().answer();
        int dtmf = offer.telephoneEventPayloadType().orElse(-1);
        String text = Sdp.build(sdpSessionId, ++sdpVersion, SipPhone.HOST, rtp.port(), List.of(codec.get()), dtmf, dir);
        synchronized (this) {
            localSdp = Sdp.parse(text);
            localDirection = dir;
        }
        rtp.payloadType(codec.get()).dtmfPayloadType(dtmf >= 0 ? dtmf : Sdp.TELEPHONE_EVENT);
        aimRtp(offer, dir.sends());
        return text;
    }

    /** Applies the other side's answer to this phone's offer. */
    private void applyAnswer(Sdp answer) {
        synchronized (this) {
            remoteSdp = answer;
        }
        if (rtp == null) {
            return;
        }
        answer.firstG711().ifPresent(rtp::payloadType);
        answer.telephoneEventPayloadType().ifPresent(rtp::dtmfPayloadType);
        aimRtp(answer, localDirection.sends() && answer.direction().receives());
    }

    private void aimRtp(Sdp remote, boolean send) {
        boolean usable = remote.audioPort() > 0 && remote.connectionAddress() != null
                && !"0.0.0.0".equals(remote.connectionAddress());
        if (usable) {
            rtp.remote(remote.connectionAddress(), remote.audioPort());
        }
        rtp.sendingEnabled(send && usable);
    }

    private void startMedia() {
        if (rtp != null && phone.options.toneHz > 0) {
            rtp.startTone(phone.options.toneHz);
        }
    }

    private void end(EndReason reason, String event) {
        synchronized (this) {
            if (endReason == null) {
                endReason = reason;
            }
        }
        if (rtp != null) {
            rtp.stopAudio();
            rtp.sendingEnabled(false);
        }
        transition(CallState.TERMINATED, event + " (" + reason + ")");
    }

    private void transition(CallState to, String event) {
        CallState from;
        synchronized (this) {
            from = state;
            if (from == to) {
                return;
            }
            state = to;
            visited.add(to);
        }
        log.info("{} call {}: {} -> {} -> {}", phone.name(), shortId(), from, event, to);
        phone.signalChange();
    }

    private void requireIncoming(String what) {
        if (direction != Direction.INCOMING) {
            throw new IllegalStateException("cannot " + what + " an outgoing call");
        }
    }

    String shortId() {
        return callId.length() > 8 ? callId.substring(0, 8) : callId;
    }

    @Override
    public synchronized String toString() {
        return "Call[" + direction + " " + callId + " " + state + (endReason != null ? " " + endReason : "")
                + (finalResponse != null ? " final " + finalResponse.getStatusCode() : "")
                + (invite != null ? " " + invite.getRequestURI() : "")
                + (rtp != null ? " rtp " + rtp.port() + "->" + rtp.remote().map(Object::toString).orElse("?") : "")
                + "]";
    }

    /** Fails (with the phone's log) unless the call has ended with {@code reason}. */
    public void assertEnded(EndReason reason) {
        synchronized (this) {
            if (endReason == reason) {
                return;
            }
        }
        throw new AssertionError("expected call " + shortId() + " to end with " + reason + " but it is " + this
                + "\n" + phone.describe());
    }
}
