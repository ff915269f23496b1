package org.deskline.core.hotdesk;

import java.util.Locale;

/** Why a user stopped being logged in on a device. */
public enum LogoutReason {
    /** The user logged out ({@code *35} or the portal). */
    USER,
    /** The user logged in on another device. */
    MOVED,
    /** Another user logged in on this device (Hot Identity Switch). */
    REPLACED,
    /** The administrator logged the user out. */
    ADMIN,
    /** The user chose telecommuter mode. */
    TELECOMMUTER,
    /** The device or the user was deleted. */
    DELETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
