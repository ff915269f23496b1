package org.deskline.api;

import org.deskline.api.auth.AuthFilter;
import org.deskline.api.auth.SessionsResource;
import org.deskline.api.calls.CallLogResource;
import org.deskline.api.calls.CallsResource;
import org.deskline.api.devices.DevicesResource;
import org.deskline.api.directory.DirectoryResource;
import org.deskline.api.health.HealthResource;
import org.deskline.api.json.JsonMapper;
import org.deskline.api.openapi.OpenApiResource;
import org.deskline.api.presence.PresenceResource;
import org.deskline.api.problem.ProblemMappers;
import org.deskline.api.users.MeResource;
import org.deskline.api.users.UsersResource;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The REST API under {@code /api/v1}: resources built by hand from the domain services (no container
 * injection into domain code), one JSON configuration, one error mapping.
 */
public final class PortalApplication {
    public static final String BASE_PATH = "/api/v1";

    private PortalApplication() {
    }

    public static ResourceConfig create(PortalServices s) {
        ResourceConfig rc = new ResourceConfig();
        rc.register(JacksonFeature.withoutExceptionMappers());
        rc.register(new JsonMapper());
        ProblemMappers.all().forEach(rc::register);
        rc.register(new AuthFilter(s.sessions()));
        rc.register(new HealthResource(s.health(), s.version()));
        rc.register(new SessionsResource(s.sessions(), s.provisioning().view(), s.hotdesk(), s.presence(), s.clock()));
        rc.register(new UsersResource(s.provisioning(), s.hotdesk(), s.presence(), s.clock()));
        rc.register(new DevicesResource(s.provisioning(), s.hotdesk(), s.registrations()));
        rc.register(new MeResource(s.modes(), s.hotdesk(), s.presence(), s.clock()));
        rc.register(new PresenceResource(s.presence()));
        rc.register(new CallsResource(s.calls(), s.callControl()));
        rc.register(new CallLogResource(s.callLog()));
        rc.register(new DirectoryResource(s.provisioning().view(), s.presence()));
        rc.register(new OpenApiResource());
        rc.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        rc.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        rc.property(ServerProperties.BV_FEATURE_DISABLE, true);
        return rc;
    }
}
