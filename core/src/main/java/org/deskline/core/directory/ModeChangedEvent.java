package org.deskline.core.directory;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.event.DomainEvent;

/**
 * {@code mode_changed}: where the user's calls go has changed — desk phone (and which one),
 * telecommuter number, or nowhere (logged out). Published for every cause: a portal mode switch, a
 * {@code *35} login or logout, the administrator, a hot-desker taking the device.
 *
 * @param deviceId the device carrying the user in desk mode, else null
 * @param telecommuterNumber the number calls go to in telecommuter mode, else null
 */
public record ModeChangedEvent(UserId userId, UserMode mode, DeviceId deviceId, String telecommuterNumber, Instant at)
        implements DomainEvent {
    @Override
    public String name() {
        return "mode_changed";
    }

    @Override
    public Set<UserId> audience() {
        return Set.of(userId);
    }
}
