package org.deskline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NonceManagerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NonceManager nonces = new NonceManager(Duration.ofSeconds(30), now::get);

    @Test
    void aNonceIsOursUntilItExpires() {
        String n = nonces.issue();
        assertEquals(NonceManager.Check.VALID, nonces.check(n));
        assertEquals(NonceManager.Check.INVALID, nonces.check(n.substring(0, n.length() - 2) + "AA"));
        assertEquals(NonceManager.Check.INVALID, nonces.check("not-base64!"));
        assertEquals(NonceManager.Check.INVALID, new NonceManager(Duration.ofSeconds(30), now::get).check(n),
                "another server's key");
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertEquals(NonceManager.Check.STALE, nonces.check(n));
    }

    @Test
    void eachUseNeedsAHigherCountExceptTheSameRequestAgain() {
        String n = nonces.issue();
        assertTrue(nonces.use(n, 1, "call-1|1|z9hG4bKa"));
        assertTrue(nonces.use(n, 1, "call-1|1|z9hG4bKa"), "a retransmission of the same request");
        assertFalse(nonces.use(n, 1, "call-1|2|z9hG4bKb"), "a replay");
        assertTrue(nonces.use(n, 2, "call-1|2|z9hG4bKb"));
        assertFalse(nonces.use(n, 2, "call-2|1|z9hG4bKc"));
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertFalse(nonces.use(n, 2, "call-3|1|z9hG4bKd"), "remembered across a generation");
        assertTrue(nonces.use(n, 3, "call-3|1|z9hG4bKd"));
    }
}
