package org.deskline.api.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.deskline.api.json.JsonMapper;

/** {@code GET /openapi.json}: the OpenAPI 3 document of the whole API, built once at start. */
@Path("openapi.json")
public final class OpenApiResource {
    private final String document;

    public OpenApiResource() {
        try {
            document = JsonMapper.mapper().writeValueAsString(OpenApiDocument.load());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        return document;
    }
}
