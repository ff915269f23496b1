package org.deskline.api.users;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.deskline.api.auth.Caller;
import org.deskline.api.problem.Bodies;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.Validator;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.mode.ModeService;
import org.deskline.core.presence.PresenceService;

/** The signed-in user: who they are, where their calls ring, and the switch between desk and telecommuter. */
@Path("users/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MeResource {
    private static final String MODES = Arrays.stream(UserMode.values()).map(UserMode::wireName)
            .collect(Collectors.joining(", "));

    private final ModeService modes;
    private final HotdeskService hotdesk;
    private final PresenceService presence;
    private final Clock clock;

    public MeResource(ModeService modes, HotdeskService hotdesk, PresenceService presence, Clock clock) {
        this.modes = modes;
        this.hotdesk = hotdesk;
        this.presence = presence;
        this.clock = clock;
    }

    @GET
    public UserJson me(@Context SecurityContext sc) {
        UserId id = Caller.user(sc);
        return json(view().user(id).orElseThrow(() -> DomainException.notFound("user-not-found", "No such user")));
    }

    /** Desk, telecommuter or logged out, with the rules of {@link ModeService}; answers the user after the switch. */
    @PUT
    @Path("mode")
    public UserJson mode(@Context SecurityContext sc, ModeInput body) {
        UserId id = Caller.user(sc);
        Bodies.require(body);
        UserMode mode = Arrays.stream(UserMode.values()).filter(m -> m.wireName().equals(body.mode())).findFirst()
                .orElse(null);
        new Validator().notBlank(body.mode(), "mode")
                .require(body.mode() == null || body.mode().isBlank() || mode != null, "mode", "must be one of " + MODES)
                .throwIfInvalid();
        String number = body.telecommuterNumber() == null ? null : body.telecommuterNumber().strip();
        return json(modes.setMode(id, mode, number));
    }

    private UserJson json(User u) {
        return UserJson.of(u, view(), hotdesk.lockOf(u.id()).orElse(null), presence.of(u.id()), clock.instant());
    }

    private DirectoryView view() {
        return modes.view();
    }
}
