package org.deskline.api.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;

/** The authenticated caller of a request, with the token it used (needed to sign out). */
public record Caller(org.deskline.core.access.Principal principal, String token) implements Principal {
    @Override
    public String getName() {
        return principal.username();
    }

    /** The caller of a request that needs a session: 401 without one. */
    public static Caller of(SecurityContext sc) {
        if (sc != null && sc.getUserPrincipal() instanceof Caller c) {
            return c;
        }
        throw new DomainException(401, "unauthenticated", "Unauthorized", "Sign in first");
    }

    /** The administrator: 401 without a session, 403 for a user. */
    public static Caller admin(SecurityContext sc) {
        Caller c = of(sc);
        if (!c.principal().isAdmin()) {
            throw DomainException.forbidden("admin-only", "Only the administrator may do this");
        }
        return c;
    }

    /** A directory user (not the administrator): the routes under {@code /users/me}. */
    public static UserId user(SecurityContext sc) {
        Caller c = of(sc);
        if (c.principal().userId() == null) {
            throw DomainException.forbidden("user-only", "Only a directory user has this; the administrator has none");
        }
        return c.principal().userId();
    }
}
