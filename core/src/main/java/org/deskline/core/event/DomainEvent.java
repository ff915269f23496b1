package org.deskline.core.event;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.directory.UserId;

/**
 * Something that happened in the domain and that clients may want to see live. Events are immutable
 * and published after the change is committed.
 */
public interface DomainEvent {
    /** The wire name of the event, e.g. {@code hotdesk_login}; stable, part of the public contract. */
    String name();

    Instant at();

    /** The users this event concerns; the portal delivers it to their clients only. */
    Set<UserId> audience();

    /**
     * Also of interest to every user watching the company directory (presence): the portal delivers it,
     * besides the {@link #audience()}, to the clients that subscribed to the directory. Kept apart from
     * the audience so that an event for everyone does not name everyone.
     *
     * <p>Such an event carries state, not history: when the portal is behind, it may skip one that a
     * later event of the same name and audience replaces before it was sent.
     */
    default boolean forDirectory() {
        return false;
    }
}
