package org.deskline.sip.stack;

import java.text.ParseException;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.sip.leg.CallLeg;
import org.deskline.sip.leg.LegRegistry;
import org.deskline.sip.leg.Legs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's only listener, and a thin one: it keeps no call or registration state. A request
 * inside a dialog (To-tag) goes to the leg that owns the dialog ({@link LegRegistry}), 481 if none;
 * CANCEL goes to the leg of the INVITE it cancels; any other request, once its URI scheme and Require
 * header pass, to the handler registered for its method (405 with Allow for other methods of SIP, 501
 * for unknown ones). A response goes to the listener of the client
 * transaction it answers ({@link ClientTransactions}); a 2xx that matches none goes to the leg of its
 * dialog, which acknowledges it again.
 *
 * <p>ACK and BYE of known dialogs, stray responses, banned sources and overload are handled earlier,
 * in the {@link MessageValve}; what reaches this class has passed it.
 *
 * <p>Threading: JAIN-SIP calls it on several threads at once; it and the handlers never block.
 */
public final class SipDispatcher implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    /** Methods of RFC 3261 and its extensions: 405 when not accepted here; anything else is 501. */
    private static final Set<String> KNOWN_METHODS = Set.of(Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL,
            Request.OPTIONS, Request.REGISTER, Request.PRACK, Request.SUBSCRIBE, Request.NOTIFY, Request.PUBLISH,
            Request.INFO, Request.REFER, Request.MESSAGE, Request.UPDATE);

    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final SipContext sip;
    private final SipResponder responder;
    private final ClientTransactions transactions;
    private final Legs factory;
    private final LegRegistry legs;

    public SipDispatcher(SipContext sip, ClientTransactions transactions, Legs legs) {
        this.sip = sip;
        this.responder = sip.responder();
        this.transactions = transactions;
        this.factory = legs;
        this.legs = legs.registry();
    }

    public void register(String method, RequestHandler handler) {
        handlers.put(method, handler);
    }

    /** The methods this server accepts, for Allow headers. */
    public Set<String> methods() {
        Set<String> all = new TreeSet<>(handlers.keySet());
        all.addAll(Set.of(Request.ACK, Request.BYE, Request.CANCEL, Request.UPDATE, Request.INFO));
        return all;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        try {
            String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
            if (toTag != null && !outOfDialogAnyway(request, toTag)) {
                inDialog(event, toTag);
            } else if (Request.CANCEL.equals(method)) {
                cancel(request);
            } else if (!Request.ACK.equals(method) && acceptable(request)) {
                RequestHandler h = handlers.get(method);
                if (h != null) {
                    h.onRequest(event);
                } else if (Request.BYE.equals(method)) {
                    responder.replyStateless(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                } else {
                    responder.replyStateless(request, KNOWN_METHODS.contains(method) ? Response.METHOD_NOT_ALLOWED
                            : Response.NOT_IMPLEMENTED, null, methods());
                }
            }
        } catch (RuntimeException e) {
            log.error("Handling {} failed", method, e);
            if (!Request.ACK.equals(method)) {
                responder.replyStateless(request, Response.SERVER_INTERNAL_ERROR, null);
            }
        }
    }

    /**
     * REGISTER never belongs to a dialog (some phones copy the To-tag of the last 200 into the next
     * REGISTER), and an OPTIONS with a To-tag of no known dialog is a keep-alive probe.
     */
    private boolean outOfDialogAnyway(Request request, String toTag) {
        String method = request.getMethod();
        return Request.REGISTER.equals(method)
                || (Request.OPTIONS.equals(method) && legs.byDialog(callId(request), toTag) == null);
    }

    /**
     * What a UAS checks before anything else (RFC 3261 §8.2.2): a SIP (or tel) request URI, else 416; no
     * Require option tag, none being supported here, else 420 with Unsupported.
     */
    private boolean acceptable(Request request) {
        URI uri = request.getRequestURI();
        if (!(uri instanceof SipURI) && !(uri instanceof TelURL)) {
            responder.replyStateless(request, Response.UNSUPPORTED_URI_SCHEME, null);
            return false;
        }
        ListIterator<?> required = request.getHeaders(RequireHeader.NAME);
        if (required.hasNext()) {
            Response r = responder.create(request, Response.BAD_EXTENSION, null);
            while (required.hasNext()) {
                try {
                    r.addHeader(responder.headers().createUnsupportedHeader(((RequireHeader) required.next()).getOptionTag()));
                } catch (ParseException e) {
                    log.debug("Unsupported header not built: {}", e.getMessage());
                }
            }
            responder.sendStateless(request, r);
            return false;
        }
        return true;
    }

    private void inDialog(RequestEvent event, String toTag) {
        Request request = event.getRequest();
        String method = request.getMethod();
        CallLeg leg = legs.byDialog(callId(request), toTag);
        if (Request.ACK.equals(method)) {
            if (leg != null) {
                leg.deliverAck(request);
            }
            return;
        }
        if (Request.BYE.equals(method)) {
            MessageValve.answerBye(responder, legs, leg, request);
            return;
        }
        if (leg == null) {
            responder.replyStateless(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = sip.provider().getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            } catch (SipException e) {
                responder.replyStateless(request, Response.SERVER_INTERNAL_ERROR, null);
                return;
            }
        }
        leg.deliverInDialog(request, st);
    }

    private void cancel(Request cancel) {
        String fromTag = ((FromHeader) cancel.getHeader(FromHeader.NAME)).getTag();
        CallLeg leg = legs.byInvite(callId(cancel), fromTag);
        if (leg == null) {
            responder.replyStateless(cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        responder.replyStateless(cancel, Response.OK, null);
        leg.deliverCancel();
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ResponseListener l = transactions.forResponse(event.getClientTransaction(), response.getStatusCode());
        if (l != null) {
            l.onResponse(event);
        } else {
            stray(response);
        }
    }

    /** A response no pending request waits for: a 2xx to one of our INVITEs is re-acknowledged, the rest dropped. */
    void stray(Response response) {
        int status = response.getStatusCode();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (status < 200 || status >= 300 || cseq == null || !Request.INVITE.equals(cseq.getMethod())) {
            return;
        }
        String callId = callId(response);
        String fromTag = ((FromHeader) response.getHeader(FromHeader.NAME)).getTag();
        CallLeg leg = legs.byDialog(callId, fromTag);
        if (leg != null) {
            leg.deliverStray2xx(response);
        } else if (legs.recentlyEnded(callId, fromTag)) {
            factory.ackOrphan(response);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            ResponseListener l = transactions.remove(event.getClientTransaction());
            if (l != null) {
                l.onTimeout();
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (!event.isServerTransaction()) {
            ClientTransaction ct = event.getClientTransaction();
            ResponseListener l = transactions.remove(ct);
            if (l != null) {
                l.onTimeout();
            }
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    private static String callId(javax.sip.message.Message m) {
        return ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
