package org.deskline.core.error;

/** One rejected field of a request: its name as the client spelled it and why it was rejected. */
public record FieldError(String name, String reason) {
}
