package org.deskline.core.directory;

/**
 * What the user chose for incoming calls: the desk (whichever device carries the user) or the
 * telecommuter number. Stored; the user's effective {@link org.deskline.core.mode.UserMode} also
 * depends on whether a device carries the user.
 */
public enum RoutingMode {
    DESK,
    TELECOMMUTER
}
