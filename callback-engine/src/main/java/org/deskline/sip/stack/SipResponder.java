package org.deskline.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.AllowHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends responses: adds the To-tag JAIN-SIP leaves out (RFC 3261 §8.2.6.2) and the
 * Server header. Stateless sending keeps no transaction, for answers whose retransmission the
 * request's own retransmission takes care of (OPTIONS, REGISTER, challenges, errors, BYE).
 *
 * <p>Threading: safe from any thread; sending never blocks on UDP.
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
        return create(request, status, reason, null);
    }

    /** A response whose To-tag is {@code toTag} when the request has none (a fresh one if null). */
    public Response create(Request request, int status, String reason, String toTag) {
        try {
            Response r = messages.createResponse(status, request);
            if (reason != null) {
                r.setReasonPhrase(reason);
            }
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (status != Response.TRYING && to != null && to.getTag() == null) {
                to.setTag(toTag != null ? toTag : SipContext.newTag());
            }
            r.setHeader(server);
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void replyStateless(Request request, int status, String reason) {
        replyStateless(request, status, reason, null);
    }

    public void replyStateless(Request request, int status, String reason, Collection<String> allow) {
        Response r = create(request, status, reason);
        if (allow != null) {
            for (String m : allow) {
                r.addHeader(allowHeader(m));
            }
        }
        sendStateless(request, r);
    }

    /**
     * Sends a response without a transaction, on the transport the request came on: over its
     * connection (TCP), or from our UDP socket to the top Via's address as RFC 3261 §18.2.2 says
     * ({@code received}, then {@code rport} or the Via port), whatever transport the Via names.
     */
    public void sendStateless(Request request, Response response) {
        try {
            Object channel = request instanceof SIPRequest sr ? sr.getMessageChannel() : null;
            if (channel instanceof MessageChannel mc) {
                if (mc.isReliable()) {
                    mc.sendMessage((SIPMessage) response);
                } else {
                    ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
                    String host = via.getReceived() != null ? via.getReceived() : via.getHost();
                    int port = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
                    mc.sendMessage((SIPMessage) response, InetAddress.getByName(host), port);
                }
            } else {
                provider.sendResponse(response);
            }
        } catch (SipException | IOException e) {
            log.debug("Could not send {} to {}: {}", response.getStatusCode(), request.getMethod(), e.getMessage());
        }
    }

    /** Sends through the server transaction; a transaction that is gone is not an error worth more than a line. */
    public void send(ServerTransaction st, Response response) {
        try {
            st.sendResponse(response);
        } catch (SipException | javax.sip.InvalidArgumentException | IllegalStateException e) {
            log.debug("Could not send {} on {}: {}", response.getStatusCode(), st.getBranchId(), e.getMessage());
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
