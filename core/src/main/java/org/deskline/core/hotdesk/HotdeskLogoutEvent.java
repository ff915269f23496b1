package org.deskline.core.hotdesk;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;

/** {@code hotdesk_logout}: a user is no longer logged in on a device. */
public record HotdeskLogoutEvent(UserId userId, String extension, DeviceId deviceId, String deviceName,
        LoginMethod method, LogoutReason reason, Instant at) implements DomainEvent {
    @Override
    public String name() {
        return "hotdesk_logout";
    }

    @Override
    public Set<UserId> audience() {
        return Set.of(userId);
    }
}
