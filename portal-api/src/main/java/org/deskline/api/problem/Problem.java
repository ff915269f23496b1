package org.deskline.api.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.FieldError;

/**
 * An error body per RFC 9457 ({@code application/problem+json}) with Deskline's stable {@code errorId}
 * and, for validation errors, the fields at fault.
 */
public record Problem(String type, String title, int status, String detail, String errorId, List<FieldError> fields) {
    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    private static final String TYPE_BASE = "https://deskline.org/problems/";

    public static Problem of(int status, String errorId, String title, String detail, List<FieldError> fields) {
        return new Problem(TYPE_BASE + errorId, title, status, detail, errorId, fields.isEmpty() ? null : fields);
    }

    public static Problem of(DomainException e) {
        return of(e.status(), e.errorId(), e.title(), e.detail(), e.fields());
    }

    public static Problem invalid(String field, String reason) {
        return of(DomainException.invalid(field, reason));
    }

    public Response toResponse() {
        Response.ResponseBuilder rb = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            rb.header("WWW-Authenticate", "Bearer realm=\"deskline\"");
        }
        return rb.build();
    }
}
