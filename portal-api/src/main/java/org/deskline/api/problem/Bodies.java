package org.deskline.api.problem;

import org.deskline.core.error.DomainException;

/** Checks on request bodies shared by the resources. */
public final class Bodies {
    private Bodies() {
    }

    /** The parsed body; 400 {@code missing-body} when the request had none. */
    public static <T> T require(T body) {
        if (body == null) {
            throw new DomainException(400, "missing-body", "Invalid request", "A JSON body is required");
        }
        return body;
    }
}
