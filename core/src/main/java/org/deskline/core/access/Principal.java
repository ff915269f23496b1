package org.deskline.core.access;

import org.deskline.core.directory.UserId;

/**
 * Who a portal request acts for.
 *
 * @param userId the user for {@link Role#USER}; null for the administrator
 */
public record Principal(Role role, UserId userId, String username) {
    public static Principal admin(String username) {
        return new Principal(Role.ADMIN, null, username);
    }

    public static Principal user(UserId id, String extension) {
        return new Principal(Role.USER, id, extension);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
