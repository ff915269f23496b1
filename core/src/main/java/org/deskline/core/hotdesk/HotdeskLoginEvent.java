package org.deskline.core.hotdesk;

import java.time.Instant;
import java.util.Set;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;

/** {@code hotdesk_login}: a user is now logged in on a device. */
public record HotdeskLoginEvent(UserId userId, String extension, DeviceId deviceId, String deviceName,
        LoginMethod method, Instant at) implements DomainEvent {
    @Override
    public String name() {
        return "hotdesk_login";
    }

    @Override
    public Set<UserId> audience() {
        return Set.of(userId);
    }
}
