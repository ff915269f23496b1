package org.deskline.core.dialplan;

import org.deskline.core.directory.DialPermission;

/** What kind of number was dialled, and the dial permission it needs. */
public enum NumberClass {
    /** A configured emergency number: always allowed, from any phone. */
    EMERGENCY(null),
    /** A feature code ({@code *35…}): handled by the server itself. */
    FEATURE_CODE(null),
    /** An extension of the directory (or a number shaped like one). */
    INTERNAL(DialPermission.INTERNAL),
    /** A number in the home country. */
    NATIONAL(DialPermission.NATIONAL),
    /** A number abroad. */
    INTERNATIONAL(DialPermission.INTERNATIONAL),
    /** Not a number this server can place. */
    INVALID(null);

    private final DialPermission required;

    NumberClass(DialPermission required) {
        this.required = required;
    }

    /** The permission a user needs to dial it; null when permission does not apply. */
    public DialPermission required() {
        return required;
    }
}
