package org.deskline.sip.routing;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderAddress;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.EndReason;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.Route;
import org.deskline.core.dialplan.Route.DiversionReason;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.sip.auth.AuthResult;
import org.deskline.sip.auth.DigestAuthenticator;
import org.deskline.sip.b2bua.B2bCall;
import org.deskline.sip.b2bua.CallEnd;
import org.deskline.sip.b2bua.CallObserver;
import org.deskline.sip.b2bua.CallRegistry;
import org.deskline.sip.b2bua.Forwarding;
import org.deskline.sip.b2bua.Target;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.leg.SerialExecutor;
import org.deskline.sip.redirect.HeldLines;
import org.deskline.sip.redirect.Redirection;
import org.deskline.sip.redirect.SingleLine;
import org.deskline.sip.stack.RequestHandler;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.stack.Source;
import org.deskline.sip.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a new INVITE into a call: checks what a UAS must check first (body type, Max-Forwards), recognises the trunk by source address or authenticates the phone by digest (407),
 * asks the {@link DialPlan} for a {@link Route}, and acts on it: a {@link B2bCall} to a phone, the trunk,
 * a telecommuter number ({@link Redirection}) or voicemail; the {@link FeatureCodeService}; or a refusal
 * whose reason phrase says why (refusals the dial plan marks are logged and written to the caller's call
 * log). A call through the trunk from or to a telecommuter number takes a place on that number's single
 * line ({@link SingleLine}); a full line is busy (486).
 *
 * <p>The calling identity is the user logged in on the authenticated phone, not the phone. An INVITE
 * whose Call-ID and From-tag belong to a live call is a retransmission that outlived its server
 * transaction, and is ignored.
 *
 * <p>Threading: called on JAIN-SIP threads; never blocks (directory, bindings and dial plan are in
 * memory). The call's work continues on its own {@link SerialExecutor}.
 */
public final class InviteHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(InviteHandler.class);
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private final SipContext sip;
    private final DigestAuthenticator auth;
    private final DirectoryView directory;
    private final DialPlan dialPlan;
    private final Trunk trunk;
    private final Targets targets;
    private final Legs legs;
    private final CallRegistry calls;
    private final CallTracker tracker;
    private final FeatureCodeService featureCodes;
    private final Duration ringTimeout;
    private final Duration maxCallLength;
    private final SingleLine singleLine;
    private final Redirection redirection;

    public InviteHandler(SipContext sip, DigestAuthenticator auth, DirectoryView directory, DialPlan dialPlan,
            Trunk trunk, Targets targets, Legs legs, CallRegistry calls, CallTracker tracker,
            FeatureCodeService featureCodes, Duration ringTimeout, Duration maxCallLength, SingleLine singleLine,
            Redirection redirection) {
        this.sip = sip;
        this.auth = auth;
        this.directory = directory;
        this.dialPlan = dialPlan;
        this.trunk = trunk;
        this.targets = targets;
        this.legs = legs;
        this.calls = calls;
        this.tracker = tracker;
        this.featureCodes = featureCodes;
        this.ringTimeout = ringTimeout;
        this.maxCallLength = maxCallLength;
        this.singleLine = singleLine;
        this.redirection = redirection;
    }

    @Override
    public void onRequest(RequestEvent event) {
        Request request = event.getRequest();
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        if (legs.registry().byInvite(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(), from.getTag()) != null) {
            return;
        }
        if (!acceptable(request)) {
            return;
        }
        Source source = Source.of(request);
        String dialed = dialedNumber(request);
        if (trunk.isSource(source)) {
            Caller caller = trunkCaller(request);
            route(request, event.getServerTransaction(), dialPlan.fromTrunk(dialed), caller, dialed,
                    singleLine.atNumber(caller.number()));
            return;
        }
        AuthResult result = auth.authenticate(request, true, source);
        if (result instanceof AuthResult.Challenge c) {
            sip.responder().sendStateless(request, auth.challenge(request, true, c.stale()));
        } else if (result instanceof AuthResult.Failed) {
            sip.responder().sendStateless(request, auth.forbidden(request));
        } else if (result instanceof AuthResult.Authenticated a) {
            var device = a.credentials().deviceId();
            User user = directory.userOnDevice(device).orElse(null);
            Caller caller = Caller.onPhone(device, user, directory.device(device).map(Device::name).orElse(null));
            route(request, event.getServerTransaction(), dialPlan.fromDevice(device, dialed), caller, dialed,
                    SingleLine.Seizure.NONE);
        }
    }

    /**
     * The INVITE checks that come before authentication (URI scheme and Require are checked by the
     * dispatcher): an SDP body or none (415), Max-Forwards left (483). Answers and returns false when one fails.
     */
    private boolean acceptable(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0 && (type == null
                || !("application".equalsIgnoreCase(type.getContentType()) && "sdp".equalsIgnoreCase(type.getContentSubType())))) {
            Response r = sip.responder().create(request, Response.UNSUPPORTED_MEDIA_TYPE, null);
            try {
                r.addHeader(sip.headers().createAcceptHeader("application", "sdp"));
            } catch (ParseException e) {
                log.debug("Accept header not built: {}", e.getMessage());
            }
            sip.responder().sendStateless(request, r);
            return false;
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() <= 0) {
            sip.responder().replyStateless(request, Response.TOO_MANY_HOPS, null);
            return false;
        }
        return true;
    }

    /**
     * @param callerLine the caller's place on a telecommuter line (a call from a telecommuter number
     *     through the trunk), released here unless a call takes it over
     */
    private void route(Request request, ServerTransaction existing, Route route, Caller caller, String dialed,
            SingleLine.Seizure callerLine) {
        ServerTransaction st;
        try {
            st = existing != null ? existing : sip.provider().getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException retransmission) {
            callerLine.release();
            return;
        } catch (SipException e) {
            callerLine.release();
            log.debug("No server transaction for INVITE: {}", e.getMessage());
            sip.responder().replyStateless(request, Response.SERVER_INTERNAL_ERROR, null);
            return;
        }
        SerialExecutor executor = new SerialExecutor();
        CallId id = CallId.random();
        CallLeg a = legs.inbound(executor, st, request, id + "/A");
        executor.execute(() -> {
            if (callerLine.isBusy()) {
                log.debug("call {} from {}: the telecommuter line is busy", id, caller.number());
                refuse(a, Response.BUSY_HERE, "Busy Here");
            } else if (!act(id, a, route, caller, dialed, request, callerLine)) {
                callerLine.release();
            }
        });
    }

    /** Acts on the route; true when a call was started and holds {@code callerLine} until it ends. */
    private boolean act(CallId id, CallLeg a, Route route, Caller caller, String dialed, Request request,
            SingleLine.Seizure callerLine) {
        int maxForwards = maxForwards(request);
        Body offer = a.offer();
        if (route instanceof Route.Refused r) {
            refuse(a, r.status(), r.reason());
            if (r.logged()) {
                log.info("call refused: {} -> {}: {} {}", describe(caller), dialed, r.status(), r.reason());
            }
            CallRecord.refused(tracker, caller, null, dialed, refusalReason(r.status()), null);
        } else if (route instanceof Route.Busy b) {
            refuse(a, Response.BUSY_HERE, "Busy Here");
            CallRecord.refused(tracker, caller, b.callee(), dialed, EndReason.BUSY, endReason(b.reason()));
        } else if (route instanceof Route.FeatureCode fc) {
            a.trying();
            User user = caller.user();
            featureCodes.handle(new FeatureCodeCall(a, caller.device(), Optional.ofNullable(user), fc.code()));
        } else if (route instanceof Route.Trunk t) {
            SingleLine.Seizure remote = singleLine.atNumber(t.number());
            if (remote.isBusy()) {
                refuse(a, Response.BUSY_HERE, "Busy Here");
                CallRecord.refused(tracker, caller, null, dialed, EndReason.BUSY, null);
                return false;
            }
            start(id, a, targets.trunk(t, offer, maxForwards), Forwarding.NONE, caller, null, dialed, true,
                    new HeldLines(callerLine, remote));
            return true;
        } else if (route instanceof Route.RingDevice rd) {
            Forwarding forwarding = targets.forwardingFor(rd.callee(), caller, offer, maxForwards);
            Optional<Target> phone = targets.phone(rd.callee(), rd.device(), caller, offer, maxForwards);
            if (phone.isPresent()) {
                start(id, a, phone.get(), forwarding, caller, rd.callee(), dialed, false,
                        new HeldLines(callerLine, SingleLine.Seizure.NONE));
                return true;
            }
            return unreachable(id, a, rd.callee(), DiversionReason.UNAVAILABLE, caller, dialed, offer, maxForwards,
                    callerLine);
        } else if (route instanceof Route.RingTelecommuter rt) {
            Redirection.Outcome outcome = redirection.redirect(rt.callee(), rt.number(), caller, offer, maxForwards);
            if (outcome instanceof Redirection.Outcome.Ring ring) {
                start(id, a, ring.target(), targets.forwardingFor(rt.callee(), caller, offer, maxForwards), caller,
                        rt.callee(), dialed, false, new HeldLines(callerLine, ring.line()));
                return true;
            }
            if (outcome instanceof Redirection.Outcome.Busy busy) {
                return lineBusy(id, a, rt.callee(), busy.voicemail(), caller, dialed, callerLine);
            }
            return unreachable(id, a, rt.callee(), DiversionReason.UNAVAILABLE, caller, dialed, offer, maxForwards,
                    callerLine);
        } else if (route instanceof Route.Voicemail vm) {
            return unreachable(id, a, vm.callee(), vm.reason(), caller, dialed, offer, maxForwards, callerLine);
        }
        return false;
    }

    /** The telecommuter's line is full: voicemail (Diversion user-busy) when there is one, else 486. */
    private boolean lineBusy(CallId id, CallLeg a, User callee, Optional<Target> voicemail, Caller caller,
            String dialed, SingleLine.Seizure callerLine) {
        log.debug("call {} for {}: the telecommuter line is busy", id, callee.extension());
        if (voicemail.isPresent()) {
            CallRecord record = start(id, a, voicemail.get(), Forwarding.NONE, caller, callee, dialed, false,
                    new HeldLines(callerLine, SingleLine.Seizure.NONE));
            record.diverted(voicemail.get(), CallEnd.BUSY);
            return true;
        }
        refuse(a, Response.BUSY_HERE, "Busy Here");
        CallRecord.refused(tracker, caller, callee, dialed, EndReason.BUSY, EndReason.BUSY);
        return false;
    }

    /** The callee has no phone to ring now: voicemail if the dial plan diverts there, else 480. */
    private boolean unreachable(CallId id, CallLeg a, User callee, DiversionReason reason, Caller caller, String dialed,
            Body offer, int maxForwards, SingleLine.Seizure callerLine) {
        Optional<Target> vm = dialPlan.divertOnFailure(callee, reason)
                .flatMap(r -> targets.voicemail(callee, reason, caller, offer, maxForwards));
        if (vm.isPresent()) {
            CallRecord record = start(id, a, vm.get(), Forwarding.NONE, caller, callee, dialed, false,
                    new HeldLines(callerLine, SingleLine.Seizure.NONE));
            record.diverted(vm.get(), null);
            return true;
        }
        refuse(a, Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable");
        CallRecord.refused(tracker, caller, callee, dialed, EndReason.UNAVAILABLE, EndReason.UNAVAILABLE);
        return false;
    }

    private CallRecord start(CallId id, CallLeg a, Target target, Forwarding forwarding, Caller caller, User callee,
            String dialed, boolean outbound, HeldLines lines) {
        B2bCall call = B2bCall.create(id, a, legs, calls, sip, forwarding, ringTimeout, maxCallLength);
        CallRecord record = CallRecord.open(tracker, id, call, caller, callee, dialed, outbound,
                target.kind() == Target.Kind.TELECOMMUTER ? target.redirectedTo() : null);
        call.observer(CallObserver.both(record, lines));
        call.start(target);
        return record;
    }

    private void refuse(CallLeg a, int status, String reason) {
        a.listener((leg, end) -> { });
        a.reject(status, reason, List.of());
    }

    private static EndReason refusalReason(int status) {
        return switch (status) {
            case 403 -> EndReason.FORBIDDEN;
            case 404 -> EndReason.NOT_FOUND;
            case 486 -> EndReason.BUSY;
            case 480 -> EndReason.UNAVAILABLE;
            default -> EndReason.FAILED;
        };
    }

    private static EndReason endReason(DiversionReason reason) {
        return reason == DiversionReason.USER_BUSY ? EndReason.BUSY : EndReason.UNAVAILABLE;
    }

    private static int maxForwards(Request request) {
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        return mf == null ? DEFAULT_MAX_FORWARDS : Math.max(1, mf.getMaxForwards() - 1);
    }

    /** The number dialled: the request URI's user part (or a tel: number), else the To's. */
    static String dialedNumber(Request request) {
        String n = userOf(request.getRequestURI());
        if (n == null) {
            n = userOf(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
        }
        return n;
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI s) {
            return s.getUser();
        }
        if (uri instanceof TelURL t) {
            return (t.isGlobal() ? "+" : "") + t.getPhoneNumber();
        }
        return null;
    }

    /** A trunk caller: P-Asserted-Identity's number if present, else From's; From's display name. */
    private static Caller trunkCaller(Request request) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        String number = userOf(from.getAddress().getURI());
        Header pai = request.getHeader(Trunk.PAI);
        if (pai instanceof HeaderAddress ha) {
            String asserted = userOf(ha.getAddress().getURI());
            if (asserted != null) {
                number = asserted;
            }
        }
        if ("anonymous".equalsIgnoreCase(number)) {
            number = null;
        }
        Address a = from.getAddress();
        return Caller.fromTrunk(number, a.getDisplayName());
    }

    private static String describe(Caller caller) {
        if (caller.fromTrunk()) {
            return "trunk caller " + caller.number();
        }
        return caller.device() + (caller.user() != null ? " (" + caller.user().extension() + ")" : " (no user)");
    }
}
