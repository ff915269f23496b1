package org.deskline.core.presence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a user says about their availability; chosen by the user, kept across restarts. */
public enum PresenceState {
    AVAILABLE,
    BUSY,
    AWAY,
    /** Do not disturb. */
    DND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PresenceState> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wireName().equals(s)).findFirst();
    }
}
