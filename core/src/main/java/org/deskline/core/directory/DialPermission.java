package org.deskline.core.directory;

import java.util.Locale;
import java.util.Optional;

/** How far a user may dial; each level includes the ones before it. Emergency numbers are always allowed. */
public enum DialPermission {
    INTERNAL,
    NATIONAL,
    INTERNATIONAL;

    public boolean allows(DialPermission required) {
        return compareTo(required) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DialPermission> fromWire(String s) {
        for (DialPermission p : values()) {
            if (p.wireName().equals(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
