package org.deskline.sip.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bans a source address that keeps failing authentication: {@code threshold} failures within
 * {@code window} and everything it sends is ignored for {@code banTime}. The ban is logged as one line
 * with the address ({@code auth ban 192.0.2.7 for 300s after 10 failures}) for fail2ban; credentials
 * are never logged.
 *
 * <p>Threading: safe from any thread; {@link #isBanned} is one lock-free map read.
 */
public final class AuthBan {
    private static final Logger log = LoggerFactory.getLogger(AuthBan.class);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(long windowStart, int count) {
    }

    private final int threshold;
    private final long windowNanos;
    private final long banNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> bannedUntil = new ConcurrentHashMap<>();

    public AuthBan(int threshold, Duration window, Duration banTime) {
        this(threshold, window, banTime, System::nanoTime);
    }

    AuthBan(int threshold, Duration window, Duration banTime, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.banNanos = banTime.toNanos();
        this.nanoClock = nanoClock;
    }

    public boolean isBanned(String ip) {
        if (bannedUntil.isEmpty()) {
            return false;
        }
        Long until = bannedUntil.get(ip);
        if (until == null) {
            return false;
        }
        if (nanoClock.getAsLong() - until < 0) {
            return true;
        }
        bannedUntil.remove(ip, until);
        return false;
    }

    /** Counts a failed authentication from {@code ip}; bans it when the threshold is reached. */
    public void failure(String ip) {
        if (threshold <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> now - f.windowStart() >= windowNanos);
        }
        Failures after = failures.compute(ip, (k, f) ->
                f == null || now - f.windowStart() >= windowNanos ? new Failures(now, 1) : new Failures(f.windowStart(), f.count() + 1));
        if (after.count() >= threshold) {
            failures.remove(ip);
            bannedUntil.put(ip, now + banNanos);
            log.warn("auth ban {} for {}s after {} failures", ip, banNanos / 1_000_000_000L, after.count());
        }
    }

    public int bannedCount() {
        return bannedUntil.size();
    }
}
