package org.deskline.sip.featurecode;

import org.deskline.core.directory.User;

/** What a PIN check with login, or a logout, came to: the IVR's input from the worker. */
sealed interface HotdeskOutcome {
    /** The user is now logged in on the phone (or already was). */
    record LoggedIn(User user) implements HotdeskOutcome {
    }

    /** The user is no longer logged in on the phone. */
    record LoggedOut(User user) implements HotdeskOutcome {
    }

    /** Wrong PIN, unknown extension or no PIN set: one answer for all three. */
    record WrongPin() implements HotdeskOutcome {
    }

    /** Too many wrong PINs for this extension; the lock has not ended yet. */
    record Locked() implements HotdeskOutcome {
    }

    /**
     * The user may not hot-desk, or the phone does not allow it (switched off during the call).
     *
     * @param user the user concerned, or null when the refusal came before one was known
     */
    record NotAllowed(User user) implements HotdeskOutcome {
    }

    /** The operation failed (database down, workers saturated); the caller hears goodbye. */
    record Failed(String why) implements HotdeskOutcome {
    }
}
