package org.deskline.core.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors of one request and throws them together, so a client sees every problem at once. */
public final class Validator {
    private final List<FieldError> errors = new ArrayList<>();

    public Validator require(boolean condition, String field, String reason) {
        if (!condition) {
            errors.add(new FieldError(field, reason));
        }
        return this;
    }

    public Validator notBlank(String value, String field) {
        return require(value != null && !value.isBlank(), field, "is required");
    }

    public Validator maxLength(String value, int max, String field) {
        return require(value == null || value.length() <= max, field, "must be at most " + max + " characters");
    }

    public Validator matches(String value, Pattern pattern, String field, String reason) {
        return require(value == null || pattern.matcher(value).matches(), field, reason);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw DomainException.invalid(errors);
        }
    }
}
