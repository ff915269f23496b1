package org.deskline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthBanTest {
    private final AtomicLong now = new AtomicLong();
    private final AuthBan ban = new AuthBan(3, Duration.ofSeconds(60), Duration.ofSeconds(300), now::get);

    @Test
    void failuresWithinTheWindowBanTheAddressForTheBanTime() {
        ban.failure("192.0.2.7");
        ban.failure("192.0.2.7");
        assertFalse(ban.isBanned("192.0.2.7"));
        ban.failure("192.0.2.7");
        assertTrue(ban.isBanned("192.0.2.7"));
        assertFalse(ban.isBanned("192.0.2.8"), "only that address");
        now.addAndGet(Duration.ofSeconds(301).toNanos());
        assertFalse(ban.isBanned("192.0.2.7"), "the ban ends");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        ban.failure("192.0.2.9");
        ban.failure("192.0.2.9");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        ban.failure("192.0.2.9");
        assertFalse(ban.isBanned("192.0.2.9"));
    }

    @Test
    void zeroNeverBans() {
        AuthBan off = new AuthBan(0, Duration.ofSeconds(60), Duration.ofSeconds(300), now::get);
        for (int i = 0; i < 100; i++) {
            off.failure("192.0.2.10");
        }
        assertFalse(off.isBanned("192.0.2.10"));
    }
}
