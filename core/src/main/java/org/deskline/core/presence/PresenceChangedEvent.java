package org.deskline.core.presence;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;

/**
 * {@code presence_changed}: a user's presence changed, by their own choice or because a call of theirs
 * came up or ended. Concerns the user (every client of theirs) and every colleague watching the
 * directory, which is company-wide: see {@link #forDirectory()}.
 */
public record PresenceChangedEvent(UserId userId, Presence presence, Instant at) implements DomainEvent {
    @Override
    public String name() {
        return "presence_changed";
    }

    @Override
    public Set<UserId> audience() {
        return Set.of(userId);
    }

    @Override
    public boolean forDirectory() {
        return true;
    }
}
