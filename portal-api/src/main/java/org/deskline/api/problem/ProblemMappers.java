package org.deskline.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.FieldError;
import org.deskline.core.persistence.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to {@code application/problem+json}, once, for the whole API. */
public final class ProblemMappers {
    private static final Logger log = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    public static List<Object> all() {
        return List.of(new Domain(), new Json(), new Web(), new Any());
    }

    static final class Domain implements ExceptionMapper<DomainException> {
        @Override
        public Response toResponse(DomainException e) {
            return Problem.of(e).toResponse();
        }
    }

    /** Malformed JSON, unknown fields and wrong types: 400 naming the field. */
    static final class Json implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                String field = path(m);
                String reason;
                if (e instanceof UnrecognizedPropertyException) {
                    reason = "is not a known field";
                } else if (e instanceof InvalidFormatException f) {
                    reason = "must be " + describe(f.getTargetType());
                } else if (e instanceof MismatchedInputException mi) {
                    reason = "must be " + describe(mi.getTargetType());
                } else {
                    reason = "is invalid";
                }
                return Problem.invalid(field, reason).toResponse();
            }
            if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
                return Problem.of(400, "invalid-body", "Invalid request", "The body must be a JSON object", List.of())
                        .toResponse();
            }
            return Problem.of(400, "malformed-json", "Invalid request", "The body is not valid JSON", List.of())
                    .toResponse();
        }

        private static String path(JsonMappingException m) {
            return m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }

        private static String describe(Class<?> t) {
            if (t == null) {
                return "of another type";
            }
            if (t == Boolean.class || t == boolean.class) {
                return "true or false";
            }
            if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
                return "a number";
            }
            if (t == String.class) {
                return "a string";
            }
            if (t.isEnum()) {
                return "one of " + java.util.Arrays.stream(t.getEnumConstants())
                        .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            }
            return "an object";
        }
    }

    static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return Problem.of(404, "not-found", "Not found", "No such resource", List.of()).toResponse();
            }
            if (e instanceof NotAllowedException) {
                return Problem.of(405, "method-not-allowed", "Method not allowed", "This resource does not support that method",
                        List.of()).toResponse();
            }
            if (e instanceof NotSupportedException) {
                return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                        "Send the body as application/json", List.of()).toResponse();
            }
            String id = status >= 500 ? "internal-error" : "http-" + status;
            return Problem.of(status, id, e.getResponse().getStatusInfo().getReasonPhrase(),
                    e.getResponse().getStatusInfo().getReasonPhrase(), List.of()).toResponse();
        }
    }

    static final class Any implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (e instanceof DataAccessException) {
                log.error("Database failure while serving a request", e);
                return Problem.of(503, "database-unavailable", "Service unavailable",
                        "The database is not available; try again", List.of()).toResponse();
            }
            log.error("Unexpected failure while serving a request", e);
            return Problem.of(500, "internal-error", "Internal error", "Something went wrong on the server",
                    List.<FieldError>of()).toResponse();
        }
    }
}
