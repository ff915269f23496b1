package org.deskline.api.users;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deskline.api.auth.Caller;
import org.deskline.api.problem.Bodies;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.hotdesk.PinLock;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.provisioning.ProvisioningService;

/** The administrator's users, their hot-desk PINs and PIN locks. */
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class UsersResource {
    private final ProvisioningService provisioning;
    private final HotdeskService hotdesk;
    private final PresenceService presence;
    private final Clock clock;

    public UsersResource(ProvisioningService provisioning, HotdeskService hotdesk, PresenceService presence, Clock clock) {
        this.provisioning = provisioning;
        this.hotdesk = hotdesk;
        this.presence = presence;
        this.clock = clock;
    }

    @GET
    public List<UserJson> list(@Context SecurityContext sc, @QueryParam("q") String q) {
        Caller.admin(sc);
        Map<UserId, PinLock> locks = hotdesk.locks();
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        return provisioning.users().stream()
                .filter(u -> needle.isEmpty() || u.extension().startsWith(needle)
                        || u.name().toLowerCase(Locale.ROOT).contains(needle))
                .map(u -> json(u, locks.get(u.id())))
                .toList();
    }

    @POST
    public Response create(@Context SecurityContext sc, UserInput body) {
        Caller.admin(sc);
        User u = provisioning.createUser(Bodies.require(body).toFields());
        return Response.created(UriBuilder.fromPath("users/{id}").build(u.id().value()))
                .entity(json(u, null)).build();
    }

    @GET
    @Path("{id}")
    public UserJson get(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        UserId uid = id(id);
        return json(provisioning.user(uid), hotdesk.lockOf(uid).orElse(null));
    }

    @PATCH
    @Path("{id}")
    public UserJson update(@Context SecurityContext sc, @PathParam("id") String id, UserInput body) {
        Caller.admin(sc);
        UserId uid = id(id);
        provisioning.user(uid);
        User u = provisioning.updateUser(uid, Bodies.require(body).toFields());
        return json(u, hotdesk.lockOf(uid).orElse(null));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        provisioning.deleteUser(id(id));
        return Response.noContent().build();
    }

    /** Generates a PIN (no body) or sets the one given; the PIN is shown in the answer only when generated. */
    @POST
    @Path("{id}/hotdesk-pin")
    public Response pin(@Context SecurityContext sc, @PathParam("id") String id, PinInput body) {
        Caller.admin(sc);
        UserId uid = id(id);
        provisioning.user(uid);
        if (body == null || body.pin() == null) {
            return Response.status(201).entity(Map.of("pin", provisioning.generatePin(uid))).build();
        }
        provisioning.setPin(uid, body.pin());
        return Response.status(201).entity(Map.of("pinSet", true)).build();
    }

    @DELETE
    @Path("{id}/hotdesk-lock")
    public Response clearLock(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        UserId uid = id(id);
        provisioning.user(uid);
        hotdesk.clearLock(uid);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/hotdesk-history")
    public List<HotdeskHistoryJson> history(@Context SecurityContext sc, @PathParam("id") String id,
            @QueryParam("limit") Integer limit) {
        Caller.admin(sc);
        UserId uid = id(id);
        provisioning.user(uid);
        return hotdesk.history(uid, limit == null ? 50 : Math.max(1, Math.min(limit, 500))).stream()
                .map(HotdeskHistoryJson::of).toList();
    }

    public record PinInput(String pin) {
    }

    private UserJson json(User u, PinLock lock) {
        return UserJson.of(u, provisioning.view(), lock, presence.of(u.id()), clock.instant());
    }

    static UserId id(String raw) {
        try {
            return new UserId(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            throw DomainException.notFound("user-not-found", "No such user");
        }
    }


}
