package org.deskline.sip.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no state to issue: {@code base64url(time | random | HMAC(time | random))}
 * under a key drawn at start. A nonce is valid for {@code ttl}; after that it is stale (the client is
 * told {@code stale=true} and retries without asking the user). With {@code qop=auth} every use must
 * carry a higher {@code nc} than the last one seen for the nonce, except that the very same request
 * retransmitted may repeat it (REGISTER is answered without a transaction).
 *
 * <p>Replay state is kept only for nonces in use, in two generations of maps rotated every
 * {@code ttl}, so an entry lives between one and two {@code ttl}s with no timer per entry. When the
 * bound is reached new nonces are treated as stale rather than remembered, so replay protection is
 * never silently dropped.
 *
 * <p>Threading: safe from any thread; per-nonce updates are atomic.
 */
public final class NonceManager {
    private static final int RAW = 8 + 8 + 16;
    private static final int MAX_TRACKED = 1_000_000;

    /** What a nonce turned out to be. */
    public enum Check {
        VALID,
        /** Issued by us but expired, or its nc was replayed: challenge again with {@code stale=true}. */
        STALE,
        /** Not one of ours. */
        INVALID
    }

    private record Use(long nc, String request) {
    }

    private final byte[] key = new byte[32];
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final ThreadLocal<Mac> macs;
    private volatile Map<String, Use> current = new ConcurrentHashMap<>();
    private volatile Map<String, Use> previous = new ConcurrentHashMap<>();
    private volatile long generationStart;

    public NonceManager(Duration ttl) {
        this(ttl, System::nanoTime);
    }

    NonceManager(Duration ttl, LongSupplier nanoClock) {
        new SecureRandom().nextBytes(key);
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.generationStart = nanoClock.getAsLong();
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public String issue() {
        ByteBuffer b = ByteBuffer.allocate(RAW);
        b.putLong(nanoClock.getAsLong());
        b.putLong(ThreadLocalRandom.current().nextLong());
        b.put(mac(b.array(), 16), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Whether {@code nonce} is ours and still fresh, without recording a use. */
    public Check check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (raw.length != RAW || !MessageDigest.isEqual(Arrays.copyOfRange(raw, 16, RAW), Arrays.copyOf(mac(raw, 16), 16))) {
            return Check.INVALID;
        }
        long issued = ByteBuffer.wrap(raw).getLong();
        return nanoClock.getAsLong() - issued >= ttlNanos ? Check.STALE : Check.VALID;
    }

    /**
     * Records a use of a fresh nonce with {@code nc}; false when it replays an earlier use (a lower or
     * equal nc from a different request) or when too many nonces are in use to remember another.
     *
     * @param request identifies the request (Call-ID, CSeq and branch) so that its retransmission passes
     */
    public boolean use(String nonce, long nc, String request) {
        rotateIfDue();
        Map<String, Use> now = current;
        Use before = previous.get(nonce);
        if (before != null && !now.containsKey(nonce)) {
            now.putIfAbsent(nonce, before);
        }
        if (!now.containsKey(nonce) && now.size() + previous.size() >= MAX_TRACKED) {
            return false;
        }
        boolean[] ok = {false};
        now.compute(nonce, (n, last) -> {
            if (last == null || nc > last.nc()) {
                ok[0] = true;
                return new Use(nc, request);
            }
            ok[0] = nc == last.nc() && request.equals(last.request());
            return last;
        });
        return ok[0];
    }

    private void rotateIfDue() {
        long now = nanoClock.getAsLong();
        if (now - generationStart >= ttlNanos) {
            synchronized (this) {
                if (now - generationStart >= ttlNanos) {
                    previous = current;
                    current = new ConcurrentHashMap<>();
                    generationStart = now;
                }
            }
        }
    }

    private byte[] mac(byte[] data, int length) {
        Mac m = macs.get();
        m.update(data, 0, length);
        return m.doFinal();
    }
}
