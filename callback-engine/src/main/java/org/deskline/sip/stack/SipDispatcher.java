package org.deskline.sip.stack;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's only listener: routes each request to the handler registered for its method and
 * answers 501 for methods nobody handles. It holds no call or registration state of its own.
 *
 * <p>Threading: JAIN-SIP calls it on several threads at once; handlers must not block.
 */
public final class SipDispatcher implements SipListener {
    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final SipResponder responder;

    public SipDispatcher(SipResponder responder) {
        this.responder = responder;
    }

    public void register(String method, RequestHandler handler) {
        handlers.put(method, handler);
    }

    /** The methods with a handler, for Allow headers. */
    public Set<String> methods() {
        return new TreeSet<>(handlers.keySet());
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        RequestHandler h = handlers.get(request.getMethod());
        try {
            if (h != null) {
                h.onRequest(event);
            } else if (!Request.ACK.equals(request.getMethod())) {
                responder.replyStateless(request, Response.NOT_IMPLEMENTED, null, methods());
            }
        } catch (RuntimeException e) {
            log.error("Handling {} failed", request.getMethod(), e);
            if (!Request.ACK.equals(request.getMethod())) {
                responder.replyStateless(request, Response.SERVER_INTERNAL_ERROR, null, null);
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        log.debug("Response with no handler dropped: {}", event.getResponse().getStatusCode());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP I/O error towards {}:{}", event.getHost(), event.getPort());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
