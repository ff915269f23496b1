package org.deskline.api.calls;

/** The body of {@code POST /users/me/calls}. */
public record ClickToCallInput(String destination) {
}
