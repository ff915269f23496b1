package org.deskline.core.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow salted hashing for portal passwords and hot-desk PINs: PBKDF2-HMAC-SHA256 from the JDK.
 *
 * <p>Encoded as {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the cost can be raised
 * later without invalidating stored hashes. Thread-safe.
 */
public final class PasswordHasher {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher(int iterations) {
        if (iterations < 1_000) {
            throw new IllegalArgumentException("iterations too low: " + iterations);
        }
        this.iterations = iterations;
    }

    /** The production cost; about 0.1 s per hash on the reference machine. */
    public static PasswordHasher standard() {
        return new PasswordHasher(210_000);
    }

    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derive(secret, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** Checks a secret against a stored hash in constant time; a malformed or missing hash never matches. */
    public boolean verify(String secret, String encoded) {
        if (secret == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return false;
        }
        try {
            int iter = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(secret, salt, iter));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Spends the same time as a real verification; called when there is no account to check against, so
     * the response time does not reveal whether an account exists.
     */
    public void burn(String secret) {
        derive(secret == null ? "" : secret, new byte[SALT_BYTES], iterations);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
