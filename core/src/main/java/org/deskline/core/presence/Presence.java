package org.deskline.core.presence;

/**
 * A user's presence: what they chose, and whether a call of theirs is up (derived, never stored).
 *
 * @param message the free status message, plain text; null when none
 * @param onCall at least one of the user's calls is answered and not yet ended
 */
public record Presence(PresenceState state, String message, boolean onCall) {
    public static final Presence DEFAULT = new Presence(PresenceState.AVAILABLE, null, false);

    public EffectiveState effective() {
        if (state == PresenceState.DND) {
            return EffectiveState.DND;
        }
        if (onCall) {
            return EffectiveState.ON_CALL;
        }
        return EffectiveState.valueOf(state.name());
    }

    Presence withChoice(PresenceState s, String m) {
        return new Presence(s, m, onCall);
    }

    Presence withOnCall(boolean on) {
        return new Presence(state, message, on);
    }
}
