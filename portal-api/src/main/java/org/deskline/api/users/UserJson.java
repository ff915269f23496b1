package org.deskline.api.users;

import java.time.Instant;
import org.deskline.api.presence.PresenceJson;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserMode;
import org.deskline.core.hotdesk.PinLock;
import org.deskline.core.presence.Presence;

/**
 * A user as the API shows it, to the administrator and (as {@code users/me}) to the user. Secrets
 * appear only as "is set".
 *
 * @param deviceId the device the user's calls ring now (desk mode), else null; {@code deviceName} its name
 */
public record UserJson(
        long id,
        String extension,
        String name,
        String outboundNumber,
        boolean portalPasswordSet,
        Hotdesk hotdesk,
        Telecommuter telecommuter,
        Voicemail voicemail,
        boolean callWaiting,
        boolean callbackConfirm,
        String dialPermission,
        String language,
        Long baseDeviceId,
        String mode,
        Long deviceId,
        String deviceName,
        PresenceJson presence) {

    /**
     * @param lockedUntil set while PIN login is locked after too many failures
     * @param failedAttempts failed PINs counted towards the lock
     */
    public record Hotdesk(boolean allowed, boolean pinSet, String lockedUntil, int failedAttempts) {
    }

    public record Telecommuter(boolean allowed, String number) {
    }

    public record Voicemail(boolean enabled) {
    }

    public static UserJson of(User u, DirectoryView view, PinLock lock, Presence presence, Instant now) {
        UserMode mode = view.modeOf(u);
        DeviceId device = view.loginOfUser(u.id()).map(DeviceLogin::deviceId).orElse(null);
        String deviceName = device == null ? null : view.device(device).map(Device::name).orElse(null);
        boolean locked = lock != null && lock.lockedAt(now);
        return new UserJson(u.id().value(), u.extension(), u.name(), u.outboundNumber(), u.portalPasswordSet(),
                new Hotdesk(u.hotdeskAllowed(), u.pinSet(), locked ? lock.lockedUntil().toString() : null,
                        lock == null || (lock.lockedUntil() != null && !locked) ? 0 : lock.failures()),
                new Telecommuter(u.telecommuterAllowed(), u.telecommuterNumber()),
                new Voicemail(u.voicemailEnabled()), u.callWaiting(), u.callbackConfirm(),
                u.dialPermission().wireName(), u.language() == null ? null : u.language().code(),
                view.baseDeviceOf(u.id()).map(DeviceId::value).orElse(null), mode.wireName(),
                device == null ? null : device.value(), deviceName, PresenceJson.of(presence));
    }
}
