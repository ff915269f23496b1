package org.deskline.core.presence;

import java.util.Locale;

/**
 * What colleagues see: the chosen {@link PresenceState}, except that a user on a call shows
 * {@code on_call} — unless they chose do-not-disturb, which says more about reaching them.
 */
public enum EffectiveState {
    AVAILABLE,
    BUSY,
    AWAY,
    DND,
    ON_CALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
