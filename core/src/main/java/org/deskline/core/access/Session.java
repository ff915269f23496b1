package org.deskline.core.access;

import java.time.Instant;

/** A signed-in portal session. The token is shown once, to the client that signed in. */
public record Session(String token, Principal principal, Instant expiresAt) {
    @Override
    public String toString() {
        return "Session[" + principal + ", expires " + expiresAt + "]";
    }
}
