package org.deskline.api.devices;

import org.deskline.core.directory.Device;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.registration.RegistrationStatus;

/** A device as the API shows it; the SIP password is never shown. */
public record DeviceJson(long id, String name, String sipUsername, boolean hotdeskEnabled, Long assignedUserId,
        Long loggedInUserId, boolean registered) {

    public static DeviceJson of(Device d, DirectoryView view, RegistrationStatus registrations) {
        return new DeviceJson(d.id().value(), d.name(), d.sipUsername(), d.hotdeskEnabled(),
                d.assignedUserId() == null ? null : d.assignedUserId().value(),
                view.loginOnDevice(d.id()).map(l -> l.userId().value()).orElse(null),
                registrations.isRegistered(d.id()));
    }
}
