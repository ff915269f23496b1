package org.deskline.testkit.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP digest authentication as used by SIP (RFC 2617, RFC 7616, RFC 8760): parsing challenges
 * and credentials, computing responses for MD5, SHA-256 and SHA-512-256 (and their -sess
 * variants), qop=auth or no qop, and the server side (issuing challenges, verifying credentials).
 */
public final class Digest {
    private static final SecureRandom random = new SecureRandom();

    private Digest() {
    }

    /** Digest algorithms, weakest first. */
    public enum Algorithm {
        MD5("MD5", "MD5"),
        SHA_256("SHA-256", "SHA-256"),
        SHA_512_256("SHA-512-256", "SHA-512/256");

        private final String token;
        private final String javaName;

        Algorithm(String token, String javaName) {
            this.token = token;
            this.javaName = javaName;
        }

        /** The name on the wire, e.g. {@code SHA-256}. */
        public String token() {
            return token;
        }

        /** The algorithm of a token such as {@code MD5}, {@code sha-256-sess}; empty if unsupported. */
        public static Optional<Algorithm> of(String token) {
            String base = token == null ? "MD5" : token.trim().toUpperCase(Locale.ROOT);
            if (base.endsWith("-SESS")) {
                base = base.substring(0, base.length() - 5);
            }
            for (Algorithm a : values()) {
                if (a.token.equals(base)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }

        public String hash(String text) {
            try {
                byte[] digest = MessageDigest.getInstance(javaName).digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(javaName + " is not available in this JVM", e);
            }
        }
    }

    /** A {@code WWW-Authenticate} or {@code Proxy-Authenticate} challenge. */
    public record Challenge(String scheme, Map<String, String> params) {
        /** Parses a header value such as {@code Digest realm="x", nonce="y", algorithm=SHA-256, qop="auth"}. */
        public static Challenge parse(String headerValue) {
            String value = stripHeaderName(headerValue);
            int space = value.indexOf(' ');
            String scheme = space < 0 ? value : value.substring(0, space);
            return new Challenge(scheme, parseParams(space < 0 ? "" : value.substring(space + 1)));
        }

        public String realm() {
            return params.get("realm");
        }

        public String nonce() {
            return params.get("nonce");
        }

        public String opaque() {
            return params.get("opaque");
        }

        /** The algorithm token as offered; {@code MD5} when absent. */
        public String algorithmToken() {
            return params.getOrDefault("algorithm", "MD5");
        }

        public Optional<Algorithm> algorithm() {
            return Algorithm.of(algorithmToken());
        }

        public boolean session() {
            return algorithmToken().toUpperCase(Locale.ROOT).endsWith("-SESS");
        }

        public List<String> qopOptions() {
            String qop = params.get("qop");
            if (qop == null) {
                return List.of();
            }
            return Arrays.stream(qop.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        public boolean stale() {
            return "true".equalsIgnoreCase(params.get("stale"));
        }

        public boolean isDigest() {
            return "Digest".equalsIgnoreCase(scheme);
        }
    }

    /** An {@code Authorization} or {@code Proxy-Authorization} header value. */
    public record Credentials(String scheme, Map<String, String> params) {
        public static Credentials parse(String headerValue) {
            Challenge c = Challenge.parse(headerValue);
            return new Credentials(c.scheme(), c.params());
        }

        public String get(String name) {
            return params.get(name);
        }

        public String username() {
            return params.get("username");
        }

        public String realm() {
            return params.get("realm");
        }

        public String nonce() {
            return params.get("nonce");
        }

        public String uri() {
            return params.get("uri");
        }

        public String response() {
            return params.get("response");
        }

        public String algorithmToken() {
            return params.getOrDefault("algorithm", "MD5");
        }
    }

    /**
     * The request-digest of RFC 2617 section 3.2.2.1 / RFC 7616 section 3.4.1.
     *
     * @param qop {@code auth}, or null for the RFC 2069 form without qop
     */
    public static String response(Algorithm algorithm, boolean session, String username, String realm,
                                  String password, String method, String uri, String nonce, String nc,
                                  String cnonce, String qop) {
        String ha1 = algorithm.hash(username + ":" + realm + ":" + password);
        if (session) {
            ha1 = algorithm.hash(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = algorithm.hash(method + ":" + uri);
        if (qop == null || qop.isEmpty()) {
            return algorithm.hash(ha1 + ":" + nonce + ":" + ha2);
        }
        return algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * The challenge to answer among those offered: the strongest supported digest challenge, or the
     * one with {@code forced} algorithm. RFC 8760: a server lists its preferred challenge first; a
     * client uses the first one it supports, so equal strength keeps the server's order.
     */
    public static Optional<Challenge> choose(List<Challenge> offered, Algorithm forced) {
        return offered.stream()
                .filter(Challenge::isDigest)
                .filter(c -> c.algorithm().isPresent())
                .filter(c -> forced == null || c.algorithm().get() == forced)
                .filter(c -> c.qopOptions().isEmpty() || c.qopOptions().contains("auth"))
                .max(Comparator.comparingInt(c -> c.algorithm().get().ordinal()));
    }

    /** A fresh client nonce: 16 random bytes, hex. */
    public static String newNonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The value of an {@code Authorization} header answering {@code challenge}; qop=auth when offered. */
    public static String authorization(Challenge challenge, String username, String password, String method,
                                       String uri, String cnonce, int nonceCount) {
        Algorithm algorithm = challenge.algorithm()
                .orElseThrow(() -> new IllegalArgumentException("unsupported algorithm " + challenge.algorithmToken()));
        String qop = challenge.qopOptions().contains("auth") ? "auth" : null;
        String nc = String.format("%08x", nonceCount);
        String response = response(algorithm, challenge.session(), username, challenge.realm(), password, method,
                uri, challenge.nonce(), nc, cnonce, qop);
        StringBuilder b = new StringBuilder("Digest ");
        b.append("username=").append(quote(username))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", nonce=").append(quote(challenge.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", response=").append(quote(response))
                .append(", algorithm=").append(challenge.algorithmToken());
        if (qop != null) {
            b.append(", cnonce=").append(quote(cnonce)).append(", qop=").append(qop).append(", nc=").append(nc);
        }
        if (challenge.opaque() != null) {
            b.append(", opaque=").append(quote(challenge.opaque()));
        }
        return b.toString();
    }

    /** A challenge header value: {@code Digest realm="..", nonce="..", algorithm=.., qop="auth"}. */
    public static String challenge(String realm, String nonce, Algorithm algorithm, String opaque, boolean stale) {
        StringBuilder b = new StringBuilder("Digest realm=").append(quote(realm))
                .append(", nonce=").append(quote(nonce))
                .append(", algorithm=").append(algorithm.token())
                .append(", qop=\"auth\"");
        if (opaque != null) {
            b.append(", opaque=").append(quote(opaque));
        }
        if (stale) {
            b.append(", stale=true");
        }
        return b.toString();
    }

    /**
     * Whether {@code credentials} carry the right response for {@code method} and {@code password}
     * (the nonce, realm and user are the caller's to check).
     */
    public static boolean verify(Credentials credentials, String method, String password) {
        Optional<Algorithm> algorithm = Algorithm.of(credentials.algorithmToken());
        if (algorithm.isEmpty() || credentials.response() == null || credentials.username() == null
                || credentials.realm() == null || credentials.nonce() == null || credentials.uri() == null) {
            return false;
        }
        boolean session = credentials.algorithmToken().toUpperCase(Locale.ROOT).endsWith("-SESS");
        String expected = response(algorithm.get(), session, credentials.username(), credentials.realm(), password,
                method, credentials.uri(), credentials.nonce(), credentials.get("nc"), credentials.get("cnonce"),
                credentials.get("qop"));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                credentials.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String stripHeaderName(String headerValue) {
        String value = headerValue.trim();
        int colon = value.indexOf(':');
        int space = value.indexOf(' ');
        if (colon > 0 && (space < 0 || colon < space)) {
            value = value.substring(colon + 1).trim();
        }
        return value;
    }

    /** Parses {@code k=v, k="quoted, with \" escapes"} auth-params; names lower-cased. */
    static Map<String, String> parseParams(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            if (i >= n || text.charAt(i) == ',') {
                if (!name.isEmpty()) {
                    params.put(name, "");
                }
                continue;
            }
            i++; // '='
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = text.charAt(i++);
                    }
                    value.append(c);
                }
                i++; // closing quote
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                params.put(name, value.toString().trim());
            }
        }
        return params;
    }

    /** All challenges in a list of header values (each value may hold one challenge). */
    public static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            out.add(Challenge.parse(v));
        }
        return out;
    }
}
