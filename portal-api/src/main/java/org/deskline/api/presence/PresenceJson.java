package org.deskline.api.presence;

import org.deskline.core.presence.Presence;

/**
 * A user's presence as the API shows it.
 *
 * @param state what the user chose: available, busy, away, dnd
 * @param message the status message, plain text (clients must display it as text, never as HTML)
 * @param onCall a call of the user is up (answered, not ended); set by the server
 * @param effective what colleagues see: {@code on_call} while on a call, unless the state is {@code dnd}
 */
public record PresenceJson(String state, String message, boolean onCall, String effective) {
    public static PresenceJson of(Presence p) {
        return new PresenceJson(p.state().wireName(), p.message(), p.onCall(), p.effective().wireName());
    }
}
