package org.deskline.api.devices;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.deskline.api.auth.Caller;
import org.deskline.api.problem.Bodies;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.error.DomainException;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.hotdesk.LogoutReason;
import org.deskline.core.provisioning.ProvisioningService;
import org.deskline.core.registration.RegistrationStatus;

/** The administrator's devices, and logging a user out of a phone. */
@Path("devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DevicesResource {
    private final ProvisioningService provisioning;
    private final HotdeskService hotdesk;
    private final RegistrationStatus registrations;

    public DevicesResource(ProvisioningService provisioning, HotdeskService hotdesk, RegistrationStatus registrations) {
        this.provisioning = provisioning;
        this.hotdesk = hotdesk;
        this.registrations = registrations;
    }

    @GET
    public List<DeviceJson> list(@Context SecurityContext sc) {
        Caller.admin(sc);
        return provisioning.devices().stream().map(this::json).toList();
    }

    @POST
    public Response create(@Context SecurityContext sc, DeviceInput body) {
        Caller.admin(sc);
        Device d = provisioning.createDevice(Bodies.require(body).toFields());
        return Response.created(UriBuilder.fromPath("devices/{id}").build(d.id().value())).entity(json(d)).build();
    }

    @GET
    @Path("{id}")
    public DeviceJson get(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        return json(provisioning.device(id(id)));
    }

    @PATCH
    @Path("{id}")
    public DeviceJson update(@Context SecurityContext sc, @PathParam("id") String id, DeviceInput body) {
        Caller.admin(sc);
        DeviceId did = id(id);
        provisioning.device(did);
        return json(provisioning.updateDevice(did, Bodies.require(body).toFields()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        provisioning.deleteDevice(id(id));
        return Response.noContent().build();
    }

    /** Logs whoever is on the phone out; the phone then goes back to its owner when the rules allow. */
    @POST
    @Path("{id}/logout")
    public Response logout(@Context SecurityContext sc, @PathParam("id") String id) {
        Caller.admin(sc);
        DeviceId did = id(id);
        provisioning.device(did);
        hotdesk.logout(did, LoginMethod.ADMIN, LogoutReason.ADMIN);
        return Response.noContent().build();
    }

    private DeviceJson json(Device d) {
        return DeviceJson.of(d, provisioning.view(), registrations);
    }

    private static DeviceId id(String raw) {
        try {
            return new DeviceId(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            throw DomainException.notFound("device-not-found", "No such device");
        }
    }

}
