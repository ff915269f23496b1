package org.deskline.core.access;

/** What a portal session may do. */
public enum Role {
    /** The built-in administrator: users, devices, PINs, logging out phones. */
    ADMIN,
    /** A directory user: their own calls, mode, presence, and the directory. */
    USER
}
