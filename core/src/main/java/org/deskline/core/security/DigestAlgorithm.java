package org.deskline.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The SIP digest algorithms Deskline offers (RFC 3261 §22, RFC 8760), with their hash function. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String sipName;
    private final String jdkName;

    DigestAlgorithm(String sipName, String jdkName) {
        this.sipName = sipName;
        this.jdkName = jdkName;
    }

    /** The token used in the {@code algorithm} parameter. */
    public String sipName() {
        return sipName;
    }

    /** Matches the {@code algorithm} parameter; an absent parameter means MD5 (RFC 3261 §22.4). */
    public static Optional<DigestAlgorithm> fromSipName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm a : values()) {
            if (a.sipName.equalsIgnoreCase(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of {@code text} in UTF-8. */
    public String hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(jdkName);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " unavailable", e);
        }
    }

    /** HA1 = H(username ":" realm ":" password), what is stored instead of the SIP password. */
    public String ha1(String username, String realm, String password) {
        return hex(username + ":" + realm + ":" + password);
    }
}
