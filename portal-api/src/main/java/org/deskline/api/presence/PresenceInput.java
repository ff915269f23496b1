package org.deskline.api.presence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code PUT /users/me/presence}: the whole chosen presence. An absent or null message
 * clears it. The read-only fields of {@link PresenceJson} may be sent back and are ignored.
 */
@JsonIgnoreProperties(value = {"onCall", "effective"})
public record PresenceInput(String state, String message) {
}
