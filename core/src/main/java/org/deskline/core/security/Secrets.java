package org.deskline.core.security;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for generated passwords and session tokens. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Secrets() {
    }

    /** A URL-safe token with 256 bits of entropy. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A password without look-alike characters, easy to type from a printed line. */
    public static String password(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)]);
        }
        return sb.toString();
    }

    /** SHA-256 hex of a token: what is stored, so a database dump does not hand out live sessions. */
    public static String tokenHash(String token) {
        return DigestAlgorithm.SHA_256.hex(token);
    }
}
