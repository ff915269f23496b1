package org.deskline.core.directory;

import java.util.Optional;

/**
 * A phone of the directory. Who is logged in on it is hot-desk state, not part of the device.
 *
 * @param assignedUserId the owner: the user's base device, the phone they return to; null if none
 */
public record Device(DeviceId id, String name, String sipUsername, boolean hotdeskEnabled, UserId assignedUserId) {
    public Optional<UserId> owner() {
        return Optional.ofNullable(assignedUserId);
    }
}
