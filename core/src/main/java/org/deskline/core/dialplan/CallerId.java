package org.deskline.core.dialplan;

/**
 * The identity a call presents: a number (an extension inside the office, an outbound number outside)
 * and a display name, either of which may be null.
 */
public record CallerId(String number, String name) {
    public static final CallerId ANONYMOUS = new CallerId(null, null);
}
