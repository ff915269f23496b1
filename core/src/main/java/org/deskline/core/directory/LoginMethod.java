package org.deskline.core.directory;

import java.util.Locale;

/** How a user came to be, or stopped being, logged in on a device. */
public enum LoginMethod {
    /** {@code *35} codes dialled on the phone. */
    FEATURE_CODE,
    /** The user in the portal (mode changes). */
    PORTAL,
    /** The administrator. */
    ADMIN,
    /** The device's owner, by default: on creation, or when a hot-desker leaves the device. */
    OWNER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoginMethod fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
