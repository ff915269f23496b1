package org.deskline.core.error;

import java.util.List;

/**
 * A use case refused. Carries everything an edge needs to answer without knowing the use case: a
 * stable {@code errorId} clients may rely on, the status class it maps to (HTTP numbering, which SIP
 * shares for 4xx), a human title and detail, and per-field reasons for validation errors.
 *
 * <p>The detail is shown to the client, so it must never reveal a secret or whether an account
 * exists where that matters (wrong PIN, wrong password).
 */
public class DomainException extends RuntimeException {
    private final int status;
    private final String errorId;
    private final String title;
    private final List<FieldError> fields;

    public DomainException(int status, String errorId, String title, String detail, List<FieldError> fields) {
        super(detail);
        this.status = status;
        this.errorId = errorId;
        this.title = title;
        this.fields = List.copyOf(fields);
    }

    public DomainException(int status, String errorId, String title, String detail) {
        this(status, errorId, title, detail, List.of());
    }

    public static DomainException invalid(List<FieldError> fields) {
        String detail = fields.size() == 1
                ? fields.get(0).name() + ": " + fields.get(0).reason()
                : fields.size() + " fields are invalid";
        return new DomainException(400, "invalid-field", "Invalid request", detail, fields);
    }

    public static DomainException invalid(String field, String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public static DomainException notFound(String errorId, String detail) {
        return new DomainException(404, errorId, "Not found", detail);
    }

    public static DomainException conflict(String errorId, String detail) {
        return new DomainException(409, errorId, "Conflict", detail);
    }

    public static DomainException forbidden(String errorId, String detail) {
        return new DomainException(403, errorId, "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String errorId() {
        return errorId;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> fields() {
        return fields;
    }
}
