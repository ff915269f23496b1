package org.deskline.core.registration;

import org.deskline.core.directory.DeviceId;

/** Whether a device has a live SIP registration; answered from memory. */
@FunctionalInterface
public interface RegistrationStatus {
    boolean isRegistered(DeviceId device);

    RegistrationStatus NONE = device -> false;
}
