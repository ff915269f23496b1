package org.deskline.core.directory;

import java.time.Instant;

/** A user logged in on a device: the device rings for the user and calls as the user. */
public record DeviceLogin(DeviceId deviceId, UserId userId, Instant since, LoginMethod method) {
}
