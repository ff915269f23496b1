package org.deskline.core.hotdesk;

import org.deskline.core.directory.User;

/**
 * The answer to "extension plus PIN". {@link WrongPin} is given alike for an unknown extension, a user
 * without a PIN and a wrong PIN, so the answer never reveals whether an extension exists; permission is
 * checked only after a right PIN for the same reason.
 */
public sealed interface PinCheck {
    record Accepted(User user) implements PinCheck {
    }

    record WrongPin() implements PinCheck {
    }

    /** Too many failures; tried again after the lock ends. */
    record Locked() implements PinCheck {
    }

    /** The PIN is right but the user may not hot-desk. */
    record NotAllowed(User user) implements PinCheck {
    }
}
