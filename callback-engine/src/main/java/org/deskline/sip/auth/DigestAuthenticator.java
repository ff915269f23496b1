package org.deskline.sip.auth;

import gov.nist.javax.sip.header.AuthenticationHeader;
import gov.nist.javax.sip.header.ParameterNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.SipCredentials;
import org.deskline.core.security.DigestAlgorithm;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.stack.SipResponder;
import org.deskline.sip.stack.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication of phones (RFC 3261 §22, RFC 8760): REGISTER is challenged with 401 and
 * WWW-Authenticate, INVITE with 407 and Proxy-Authenticate. One challenge per configured algorithm,
 * in order of preference, always with {@code qop="auth"}; answers without qop are refused. Credentials
 * are the device's HA1 values from the in-memory directory, so checking costs two hashes and never
 * waits.
 *
 * <p>The digest is checked against the {@code uri} parameter as the client sent it, which is not
 * required to equal the request URI: SIPp, for one, answers with {@code sip:<server address>}. Replay is
 * prevented by the nonce and its count instead.
 *
 * <p>Failures (unknown user, wrong password, wrong realm) all get the same 403 and count towards the
 * source's {@link AuthBan}; an expired or replayed nonce gets a fresh challenge with
 * {@code stale=true}.
 *
 * <p>Threading: safe from any thread, never blocks.
 */
public final class DigestAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);
    private static final String QOP = "auth";

    private final DirectoryView directory;
    private final String realm;
    private final List<DigestAlgorithm> algorithms;
    private final NonceManager nonces;
    private final AuthBan ban;
    private final HeaderFactory headers;
    private final SipResponder responder;

    public DigestAuthenticator(DirectoryView directory, String realm, List<DigestAlgorithm> algorithms,
            NonceManager nonces, AuthBan ban, SipContext sip) {
        this.directory = directory;
        this.realm = realm;
        this.algorithms = List.copyOf(algorithms);
        this.nonces = nonces;
        this.ban = ban;
        this.responder = sip.responder();
        this.headers = sip.headers();
    }

    public AuthBan ban() {
        return ban;
    }

    /**
     * Checks the request's credentials for our realm ({@code proxy}: Proxy-Authorization, else
     * Authorization). Counts failures against {@code source}.
     */
    public AuthResult authenticate(Request request, boolean proxy, Source source) {
        AuthenticationHeader auth = credentialsFor(request, proxy);
        if (auth == null) {
            return new AuthResult.Challenge(false);
        }
        String nonce = auth.getNonce();
        NonceManager.Check check = nonce == null ? NonceManager.Check.INVALID : nonces.check(nonce);
        if (check == NonceManager.Check.STALE) {
            return new AuthResult.Challenge(true);
        }
        if (check == NonceManager.Check.INVALID) {
            return new AuthResult.Challenge(false);
        }
        String username = auth.getUsername();
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromSipName(auth.getAlgorithm());
        String qop = auth.getQop();
        String ncText = auth.getParameter(ParameterNames.NC);
        String cnonce = auth.getCNonce();
        String uri = auth.getParameter(ParameterNames.URI);
        String response = auth.getResponse();
        if (username == null || algorithm.isEmpty() || !algorithms.contains(algorithm.get()) || uri == null
                || response == null || !QOP.equalsIgnoreCase(qop) || ncText == null || cnonce == null) {
            return fail(source, "incomplete or unsupported digest answer");
        }
        long nc;
        try {
            nc = Long.parseLong(ncText, 16);
        } catch (NumberFormatException e) {
            return fail(source, "bad nc");
        }
        Optional<SipCredentials> creds = directory.credentials(username);
        DigestAlgorithm alg = algorithm.get();
        String ha1 = creds.filter(c -> realm.equals(c.realm()) && realm.equals(auth.getRealm()))
                .map(c -> c.ha1(alg)).orElse(null);
        String ha2 = alg.hex(request.getMethod() + ":" + uri);
        String expected = alg.hex((ha1 != null ? ha1 : alg.hex(nonce)) + ":" + nonce + ":" + ncText + ":" + cnonce
                + ":" + qop.toLowerCase(Locale.ROOT) + ":" + ha2);
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (ha1 == null || !match) {
            return fail(source, creds.isEmpty() ? "unknown user" : "wrong credentials for " + username);
        }
        if (!nonces.use(nonce, nc, requestIdentity(request))) {
            return new AuthResult.Challenge(true);
        }
        return new AuthResult.Authenticated(creds.get());
    }

    /** A 401 (or, for {@code proxy}, 407) with one challenge per algorithm and a fresh nonce. */
    public Response challenge(Request request, boolean proxy, boolean stale) {
        Response r = responder.create(request, proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED, null);
        String nonce = nonces.issue();
        try {
            for (DigestAlgorithm a : algorithms) {
                WWWAuthenticateHeader h = proxy ? headers.createProxyAuthenticateHeader("Digest")
                        : headers.createWWWAuthenticateHeader("Digest");
                h.setRealm(realm);
                h.setNonce(nonce);
                h.setAlgorithm(a.sipName());
                h.setQop(QOP);
                if (stale) {
                    h.setStale(true);
                }
                r.addHeader(h);
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    /** The 403 every authentication failure gets, the same whatever went wrong. */
    public Response forbidden(Request request) {
        return responder.create(request, Response.FORBIDDEN, "Forbidden");
    }

    private AuthResult fail(Source source, String detail) {
        log.info("auth failure from {}: {}", source.ip(), detail);
        ban.failure(source.ip());
        return new AuthResult.Failed(detail);
    }

    private AuthenticationHeader credentialsFor(Request request, boolean proxy) {
        var it = request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        AuthenticationHeader first = null;
        while (it.hasNext()) {
            Object h = it.next();
            if (h instanceof AuthenticationHeader a && "Digest".equalsIgnoreCase(a.getScheme())) {
                if (realm.equals(a.getRealm())) {
                    return a;
                }
                if (first == null) {
                    first = a;
                }
            }
        }
        return first;
    }

    private static String requestIdentity(Request r) {
        ViaHeader via = (ViaHeader) r.getHeader(ViaHeader.NAME);
        return ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber() + "|" + (via == null ? "" : via.getBranch());
    }
}
