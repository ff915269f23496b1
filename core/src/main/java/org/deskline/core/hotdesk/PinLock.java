package org.deskline.core.hotdesk;

import java.time.Instant;

/**
 * A user's failed PIN entries.
 *
 * @param lockedUntil when the lock ends, or null while the user is not locked
 */
public record PinLock(int failures, Instant lastFailureAt, Instant lockedUntil) {
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }
}
