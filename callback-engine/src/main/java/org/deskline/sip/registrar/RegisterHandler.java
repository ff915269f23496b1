package org.deskline.sip.registrar;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.ListIterator;
import java.util.TimeZone;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.core.directory.SipCredentials;
import org.deskline.core.registration.Binding;
import org.deskline.core.registration.LocationService;
import org.deskline.core.registration.RegisterOutcome;
import org.deskline.core.registration.RegisterRequest;
import org.deskline.sip.auth.AuthResult;
import org.deskline.sip.auth.DigestAuthenticator;
import org.deskline.sip.stack.RequestHandler;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.stack.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10.3): authenticates REGISTER by digest, checks that the device registers
 * its own address ({@code sip:<sipUsername>@…}), applies the contacts to the {@link LocationService} and
 * answers with the device's current bindings. Answers are sent without a server transaction: a
 * retransmitted REGISTER is simply applied again, which the location service treats as a no-op.
 *
 * <p>Threading: runs on JAIN-SIP threads, several at once; never blocks (the directory and the
 * bindings are in memory, the database is written behind).
 */
public final class RegisterHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(RegisterHandler.class);
    private static final int MAX_CONTACT_LENGTH = 1024;
    private static final int MAX_USER_AGENT = 200;

    private final SipContext sip;
    private final DigestAuthenticator auth;
    private final LocationService location;

    public RegisterHandler(SipContext sip, DigestAuthenticator auth, LocationService location) {
        this.sip = sip;
        this.auth = auth;
        this.location = location;
    }

    @Override
    public void onRequest(RequestEvent event) {
        Request request = event.getRequest();
        Source source = Source.of(request);
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(to instanceof SipURI aor)) {
            sip.responder().replyStateless(request, Response.BAD_REQUEST, "To must be a SIP address");
            return;
        }
        AuthResult result = auth.authenticate(request, false, source);
        if (result instanceof AuthResult.Challenge c) {
            sip.responder().sendStateless(request, auth.challenge(request, false, c.stale()));
        } else if (result instanceof AuthResult.Failed) {
            sip.responder().sendStateless(request, auth.forbidden(request));
        } else if (result instanceof AuthResult.Authenticated a) {
            register(request, source, aor, a.credentials());
        }
    }

    private void register(Request request, Source source, SipURI aor, SipCredentials creds) {
        if (!creds.username().equals(aor.getUser())) {
            sip.responder().replyStateless(request, Response.FORBIDDEN, "Not allowed to register this address");
            return;
        }
        List<RegisterRequest.Contact> contacts = new ArrayList<>();
        boolean wildcard = false;
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.isWildCard()) {
                wildcard = true;
                continue;
            }
            String uri = c.getAddress().getURI().toString();
            if (uri.length() > MAX_CONTACT_LENGTH) {
                sip.responder().replyStateless(request, Response.BAD_REQUEST, "Contact too long");
                return;
            }
            int expires = c.getExpires();
            contacts.add(new RegisterRequest.Contact(uri, expires < 0 ? null : (long) expires));
        }
        ExpiresHeader expires = request.getExpires();
        UserAgentHeader ua = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        RegisterOutcome outcome = location.register(new RegisterRequest(creds.deviceId(),
                ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(), contacts, wildcard,
                expires == null ? null : (long) expires.getExpires(), source.hostPort(), source.transport(),
                userAgent(ua)));
        Response response;
        if (outcome instanceof RegisterOutcome.Accepted ok) {
            response = accepted(request, ok.bindings());
            log.debug("{} registered from {}: {} contact(s)", creds.username(), source, ok.bindings().size());
        } else if (outcome instanceof RegisterOutcome.IntervalTooBrief brief) {
            response = sip.responder().create(request, Response.INTERVAL_TOO_BRIEF, null);
            try {
                response.addHeader(sip.headers().createMinExpiresHeader((int) brief.minExpiresSeconds()));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        } else if (outcome instanceof RegisterOutcome.OutOfOrder) {
            response = sip.responder().create(request, Response.SERVER_INTERNAL_ERROR, "Out of order REGISTER");
        } else {
            response = sip.responder().create(request, Response.BAD_REQUEST, "Invalid wildcard Contact");
        }
        sip.responder().sendStateless(request, response);
    }

    private Response accepted(Request request, List<Binding> bindings) {
        Response r = sip.responder().create(request, Response.OK, null);
        Instant now = Instant.now();
        try {
            for (Binding b : bindings) {
                ContactHeader c = sip.headers().createContactHeader(
                        sip.addresses().createAddress(sip.addresses().createURI(b.contactUri())));
                c.setExpires((int) Math.min(Integer.MAX_VALUE, b.secondsLeftAt(now)));
                r.addHeader(c);
            }
            Calendar date = Calendar.getInstance(TimeZone.getTimeZone("GMT"));
            r.addHeader(sip.headers().createDateHeader(date));
        } catch (ParseException | InvalidArgumentException e) {
            log.warn("Binding not listed in the REGISTER answer: {}", e.getMessage());
        }
        return r;
    }

    private static String userAgent(UserAgentHeader ua) {
        if (ua == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (ListIterator<?> it = ua.getProduct(); it.hasNext(); ) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(it.next());
        }
        return s.length() > MAX_USER_AGENT ? s.substring(0, MAX_USER_AGENT) : s.toString();
    }
}
