package org.deskline.api.presence;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.deskline.api.auth.Caller;
import org.deskline.api.problem.Bodies;
import org.deskline.core.error.Validator;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.presence.PresenceState;

/**
 * The signed-in user's presence. A change reaches every client of the user and every colleague
 * watching the directory as {@code presence_changed}.
 */
@Path("users/me/presence")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PresenceResource {
    private final PresenceService presence;

    public PresenceResource(PresenceService presence) {
        this.presence = presence;
    }

    @GET
    public PresenceJson get(@Context SecurityContext sc) {
        return PresenceJson.of(presence.of(Caller.user(sc)));
    }

    @PUT
    public PresenceJson set(@Context SecurityContext sc, PresenceInput body) {
        var user = Caller.user(sc);
        Bodies.require(body);
        PresenceState state = body.state() == null ? null : PresenceState.fromWire(body.state()).orElse(null);
        new Validator().notBlank(body.state(), "state")
                .require(body.state() == null || body.state().isBlank() || state != null, "state", "must be one of available, busy, away, dnd")
                .throwIfInvalid();
        return PresenceJson.of(presence.set(user, state, body.message()));
    }
}
