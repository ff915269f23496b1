package org.deskline.api.health;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deskline.core.health.HealthIndicator;

/** {@code GET /health}: 200 {@code up} when every part answers, else 503 naming the part that does not. */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final List<HealthIndicator> indicators;
    private final String version;

    public HealthResource(List<HealthIndicator> indicators, String version) {
        this.indicators = List.copyOf(indicators);
        this.version = version;
    }

    @GET
    public Response health() {
        Map<String, String> components = new LinkedHashMap<>();
        boolean up = true;
        for (HealthIndicator i : indicators) {
            boolean ok = i.isUp();
            up &= ok;
            components.put(i.name(), ok ? "up" : "down");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "up" : "down");
        body.put("version", version);
        body.put("components", components);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
