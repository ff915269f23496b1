package org.deskline.testkit.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of digest authentication for fake registrars and trunks: issues challenges
 * (one per configured algorithm, strongest first as RFC 8760 asks) and verifies credentials
 * against the nonces it issued. Thread-safe.
 */
public final class DigestChallenger {
    private final String realm;
    private final String username;
    private final String password;
    private final List<Digest.Algorithm> algorithms;
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();

    /** @param algorithms offered in this order; at least one */
    public DigestChallenger(String realm, String username, String password, List<Digest.Algorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm");
        }
        this.realm = realm;
        this.username = username;
        this.password = password;
        this.algorithms = List.copyOf(algorithms);
    }

    public String realm() {
        return realm;
    }

    /** Fresh challenge header values (same nonce for each algorithm). */
    public List<String> challenges() {
        String nonce = Digest.newNonce();
        nonces.add(nonce);
        List<String> out = new ArrayList<>();
        for (Digest.Algorithm a : algorithms) {
            out.add(Digest.challenge(realm, nonce, a, null, false));
        }
        return out;
    }

    /** Why {@code credentialsValue} is not acceptable for {@code method}, or null when it is. */
    public String problem(String method, String credentialsValue) {
        if (credentialsValue == null) {
            return "no credentials";
        }
        Digest.Credentials c = Digest.Credentials.parse(credentialsValue);
        if (!"Digest".equalsIgnoreCase(c.scheme())) {
            return "scheme " + c.scheme();
        }
        if (!realm.equals(c.realm())) {
            return "realm " + c.realm();
        }
        if (!username.equals(c.username())) {
            return "user " + c.username();
        }
        if (!nonces.contains(c.nonce())) {
            return "unknown nonce " + c.nonce();
        }
        if (Digest.Algorithm.of(c.algorithmToken()).filter(algorithms::contains).isEmpty()) {
            return "algorithm " + c.algorithmToken() + " not offered";
        }
        if (c.get("qop") != null && (c.get("cnonce") == null || c.get("nc") == null)) {
            return "qop without cnonce/nc";
        }
        return Digest.verify(c, method, password) ? null : "wrong response";
    }

    public boolean verify(String method, String credentialsValue) {
        return problem(method, credentialsValue) == null;
    }
}
