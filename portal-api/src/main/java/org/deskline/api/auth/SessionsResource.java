package org.deskline.api.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.deskline.api.problem.Bodies;
import org.deskline.api.users.UserJson;
import org.deskline.core.access.Session;
import org.deskline.core.access.SessionService;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.error.Validator;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.presence.PresenceService;

/**
 * Sign in and sign out. The token comes back in the body (for scripts, as {@code Authorization:
 * Bearer}) and as an HttpOnly, SameSite=Strict cookie (for the browser portal).
 */
@Path("sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SessionsResource {
    private final SessionService sessions;
    private final DirectoryView view;
    private final HotdeskService hotdesk;
    private final PresenceService presence;
    private final Clock clock;

    public SessionsResource(SessionService sessions, DirectoryView view, HotdeskService hotdesk,
            PresenceService presence, Clock clock) {
        this.sessions = sessions;
        this.view = view;
        this.hotdesk = hotdesk;
        this.presence = presence;
        this.clock = clock;
    }

    public record Credentials(String username, String password) {
    }

    @POST
    public Response signIn(@Context SecurityContext sc, Credentials body) {
        Bodies.require(body);
        new Validator().notBlank(body.username(), "username").notBlank(body.password(), "password").throwIfInvalid();
        Session s = sessions.signIn(body.username(), body.password());
        Object user = s.principal().isAdmin()
                ? Map.of("username", s.principal().username(), "role", "admin")
                : UserJson.of(view.user(s.principal().userId()).orElseThrow(), view,
                        hotdesk.lockOf(s.principal().userId()).orElse(null), presence.of(s.principal().userId()),
                        clock.instant());
        long maxAge = Math.max(0, Duration.between(clock.instant(), s.expiresAt()).getSeconds());
        NewCookie cookie = new NewCookie.Builder(AuthFilter.COOKIE).value(s.token()).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge).secure(sc.isSecure()).build();
        return Response.status(201).cookie(cookie)
                .entity(Map.of("token", s.token(), "expiresAt", s.expiresAt().toString(),
                        "role", s.principal().role().name().toLowerCase(java.util.Locale.ROOT), "user", user))
                .build();
    }

    @DELETE
    @Path("current")
    public Response signOut(@Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        sessions.revoke(caller.token());
        NewCookie expired = new NewCookie.Builder(AuthFilter.COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.noContent().cookie(expired).build();
    }
}
