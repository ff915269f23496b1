package org.deskline.core.directory;

import java.util.Locale;

/**
 * Where a user's calls go now, derived from the stored routing choice and the device carrying the user.
 */
public enum UserMode {
    /** Calls ring the device the user is logged in on. */
    DESK,
    /** Calls go to the telecommuter number. */
    TELECOMMUTER,
    /** No device carries the user: voicemail if enabled, else busy. */
    LOGGED_OUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UserMode of(RoutingMode routing, boolean onDevice) {
        if (routing == RoutingMode.TELECOMMUTER) {
            return TELECOMMUTER;
        }
        return onDevice ? DESK : LOGGED_OUT;
    }
}
