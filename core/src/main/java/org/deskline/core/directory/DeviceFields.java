package org.deskline.core.directory;

/**
 * The writable fields of a device, for creating and updating (see {@link UserFields}). The SIP
 * password is given in clear and turned into HA1 values at once.
 */
public final class DeviceFields {
    public Patch<String> name = Patch.absent();
    public Patch<String> sipUsername = Patch.absent();
    public Patch<String> sipPassword = Patch.absent();
    public Patch<Boolean> hotdeskEnabled = Patch.absent();
    public Patch<UserId> assignedUserId = Patch.absent();

    @Override
    public String toString() {
        return "DeviceFields[name=" + name + ", sipUsername=" + sipUsername + "]";
    }
}
