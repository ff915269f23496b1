package org.deskline.core.hotdesk;

import java.time.Duration;

/**
 * Brute-force protection of hot-desk PINs.
 *
 * @param maxFailures failed PINs, counted per user across all devices and calls, that lock the login
 * @param lockout how long a locked login stays locked
 */
public record HotdeskConfig(int maxFailures, Duration lockout) {
    public static HotdeskConfig defaults() {
        return new HotdeskConfig(5, Duration.ofMinutes(15));
    }
}
