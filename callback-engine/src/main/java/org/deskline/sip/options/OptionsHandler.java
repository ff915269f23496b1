package org.deskline.sip.options;

import java.text.ParseException;
import javax.sip.RequestEvent;
import javax.sip.header.AcceptHeader;
import javax.sip.message.Response;
import org.deskline.sip.stack.RequestHandler;
import org.deskline.sip.stack.SipDispatcher;
import org.deskline.sip.stack.SipResponder;

/** Answers OPTIONS with 200 and what the server supports (RFC 3261 §11): a liveness probe for phones and monitors. */
public final class OptionsHandler implements RequestHandler {
    private final SipResponder responder;
    private final SipDispatcher dispatcher;

    public OptionsHandler(SipResponder responder, SipDispatcher dispatcher) {
        this.responder = responder;
        this.dispatcher = dispatcher;
    }

    @Override
    public void onRequest(RequestEvent event) {
        Response r = responder.create(event.getRequest(), Response.OK, null);
        try {
            for (String m : dispatcher.methods()) {
                r.addHeader(responder.allowHeader(m));
            }
            AcceptHeader accept = responder.headers().createAcceptHeader("application", "sdp");
            r.addHeader(accept);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        responder.sendStateless(event.getRequest(), r);
    }
}
