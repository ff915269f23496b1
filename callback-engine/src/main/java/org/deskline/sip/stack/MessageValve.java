package org.deskline.sip.stack;

import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;
import javax.sip.InvalidArgumentException;
import javax.sip.SipStack;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.sip.auth.AuthBan;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.LegRegistry;
import org.deskline.sip.stack.CheckingParserFactory.Defect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first look at every parsed message, before JAIN-SIP's transaction layer (its
 * {@code SIP_MESSAGE_VALVE} hook), for what is cheaper or safer to decide here:
 *
 * <ul>
 *   <li>Requests the {@link CheckingParserFactory} marked defective are answered 513 (too large), 505
 *       (not SIP/2.0) or 400 (a repeated or missing required header); such responses are dropped.</li>
 *   <li>Requests from a source banned for failing authentication are dropped.</li>
 *   <li>Under overload, new requests are refused with 503 and Retry-After.</li>
 *   <li>ACK for a 2xx and BYE of a known dialog go straight to their leg; BYE is answered 200
 *       without a server transaction (the stack would keep one for 32 s; a retransmitted BYE is
 *       answered again from the registry's memory of recently ended legs, 481 when unknown).</li>
 *   <li>A response that matches no client transaction (a 2xx retransmitted after the INVITE
 *       transaction ended, a 180 overtaken by its 200, anything unsolicited) never reaches the stack,
 *       whose fallback is a linear scan of all client transactions: a 2xx to one of our INVITEs is
 *       acknowledged again by its leg, the rest is dropped silently.</li>
 * </ul>
 *
 * <p>Threading: runs on JAIN-SIP's message threads, several at once; every check is a map lookup.
 */
public final class MessageValve implements SIPMessageValve {
    private static final Logger log = LoggerFactory.getLogger(MessageValve.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private final SIPTransactionStack stack;
    private final SipResponder responder;
    private final LegRegistry legs;
    private final AuthBan ban;
    private final Overload overload;
    private final SipDispatcher dispatcher;
    private final int maxMessageSize;

    public MessageValve(SipStack stack, SipContext sip, LegRegistry legs, AuthBan ban, Overload overload,
            SipDispatcher dispatcher) {
        this.stack = (SIPTransactionStack) stack;
        this.responder = sip.responder();
        this.legs = legs;
        this.ban = ban;
        this.overload = overload;
        this.dispatcher = dispatcher;
        this.maxMessageSize = sip.config().maxMessageSize();
    }

    /** Puts this valve in front of the stack's transaction layer; call before the stack starts. */
    public void install() {
        stack.sipMessageValves.add(this);
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        InetAddress from = request.getPeerPacketSourceAddress();
        if (from != null && ban.isBanned(from.getHostAddress())) {
            return false;
        }
        if (request.getApplicationData() instanceof Defect defect) {
            if (!Request.ACK.equals(request.getMethod())) {
                responder.sendStateless(request, switch (defect) {
                    case TOO_LARGE -> responder.create(request, Response.MESSAGE_TOO_LARGE, null);
                    case BAD_VERSION -> responder.create(request, Response.VERSION_NOT_SUPPORTED, null);
                    case DUPLICATE_HEADER -> responder.create(request, Response.BAD_REQUEST, "Repeated single-value header");
                    case MISSING_HEADER -> responder.create(request, Response.BAD_REQUEST, "Missing required header");
                });
            }
            return false;
        }
        if (tooLarge(request)) {
            responder.sendStateless(request, responder.create(request, Response.MESSAGE_TOO_LARGE, null));
            return false;
        }
        String method = request.getMethod();
        String toTag = request.getToTag();
        if (toTag == null) {
            if (!Request.ACK.equals(method) && !Request.CANCEL.equals(method) && overload.shouldShed()) {
                Response busy = responder.create(request, Response.SERVICE_UNAVAILABLE, "Overloaded");
                try {
                    busy.setHeader(responder.headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
                responder.sendStateless(request, busy);
                return false;
            }
            return true;
        }
        if (Request.ACK.equals(method)) {
            if (stack.findTransaction(request.getTransactionId(), true) != null) {
                return true;
            }
            CallLeg leg = legs.byDialog(callId(request), toTag);
            if (leg != null) {
                leg.deliverAck(request);
            }
            return false;
        }
        if (Request.BYE.equals(method)) {
            answerBye(responder, legs, legs.byDialog(callId(request), toTag), request);
            return false;
        }
        return true;
    }

    /** Its headers and declared body overrun the limit (a TCP message the stack framed anyway). */
    private boolean tooLarge(SIPRequest request) {
        ContentLength length = (ContentLength) request.getContentLength();
        return maxMessageSize > 0 && request.getSize() + (length == null ? 0 : length.getContentLength()) > maxMessageSize;
    }

    /** 200 to a BYE of a live or recently ended leg (which then ends), 481 to any other. */
    static void answerBye(SipResponder responder, LegRegistry legs, CallLeg leg, Request bye) {
        if (leg != null) {
            responder.replyStateless(bye, Response.OK, null);
            leg.deliverBye(bye);
        } else if (legs.recentlyEnded(callId(bye), ((SIPRequest) bye).getToTag())) {
            responder.replyStateless(bye, Response.OK, null);
        } else {
            responder.replyStateless(bye, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        SIPResponse r = (SIPResponse) response;
        if (r.getApplicationData() instanceof Defect) {
            return false;
        }
        String key = r.getTransactionId();
        if (key.startsWith("z9hg4bk") && stack.findTransaction(key, false) != null) {
            return true;
        }
        if (log.isTraceEnabled()) {
            log.trace("Stray {} dropped before the stack", r.getStatusCode());
        }
        dispatcher.stray(response);
        return false;
    }

    private static String callId(Request r) {
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
    }

    @Override
    public void init(SipStack sipStack) {
    }

    @Override
    public void destroy() {
    }
}
