package org.deskline.sip.stack;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.AllowHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends responses: adds the To-tag JAIN-SIP leaves out (RFC 3261 §8.2.6.2) and the
 * Server header. Stateless sending keeps no transaction, for answers that need no retransmission
 * handling (OPTIONS, errors to unknown requests).
 */
public final class SipResponder {
    private static final Logger log = LoggerFactory.getLogger(SipResponder.class);
    public static final String PRODUCT = "Deskline";

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final SipProvider provider;
    private final ServerHeader server;

    public SipResponder(MessageFactory messages, HeaderFactory headers, SipProvider provider) {
        this.messages = messages;
        this.headers = headers;
        this.provider = provider;
        try {
            var products = new ArrayList<String>();
            products.add(PRODUCT);
            this.server = headers.createServerHeader(products);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response with a To-tag (a fresh one unless the request already had one). */
    public Response create(Request request, int status, String reason) {
        try {
            Response r = messages.createResponse(status, request);
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (status != Response.TRYING && to != null && to.getTag() == null) {
                to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
            }
            r.setHeader(server);
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void replyStateless(Request request, int status, String reason, Collection<String> allow) {
        try {
            Response r = create(request, status, reason);
            if (allow != null) {
                for (String m : allow) {
                    r.addHeader(allowHeader(m));
                }
            }
            provider.sendResponse(r);
        } catch (SipException e) {
            log.debug("Could not send {} to {}: {}", status, request.getMethod(), e.getMessage());
        }
    }

    public AllowHeader allowHeader(String method) {
        try {
            return headers.createAllowHeader(method);
        } catch (ParseException e) {
            throw new IllegalArgumentException(method, e);
        }
    }

    public HeaderFactory headers() {
        return headers;
    }

    public MessageFactory messages() {
        return messages;
    }

    public SipProvider provider() {
        return provider;
    }
}
