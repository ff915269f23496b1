package org.deskline.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import org.deskline.api.problem.Problem;
import org.deskline.core.access.SessionService;

/**
 * Reads the session token (a {@code Bearer} header, or the portal's cookie) and puts the caller into
 * the request's security context. A request without a token goes on anonymous (resources decide); a
 * request with a bad token is refused with 401 at once.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
    public static final String COOKIE = "deskline_session";

    private final SessionService sessions;

    public AuthFilter(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = token(request);
        if (token.isEmpty()) {
            return;
        }
        Optional<org.deskline.core.access.Principal> principal = sessions.authenticate(token.get());
        if (principal.isEmpty()) {
            request.abortWith(Problem.of(401, "invalid-token", "Unauthorized",
                    "The session has expired or was signed out; sign in again", java.util.List.of()).toResponse());
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new Context(new Caller(principal.get(), token.get()), secure));
    }

    static Optional<String> token(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        if (cookie != null && !cookie.getValue().isEmpty()) {
            return Optional.of(cookie.getValue());
        }
        return Optional.empty();
    }

    private record Context(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.principal().role().name().equalsIgnoreCase(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
