package org.deskline.api.users;

/**
 * The body of {@code PUT /users/me/mode}.
 *
 * @param telecommuterNumber the remote number for telecommuter mode; absent keeps the stored one
 */
public record ModeInput(String mode, String telecommuterNumber) {
}
