package org.deskline.core.call;

/**
 * Which end of a call the user was. Only an {@link CallDirection#INTERNAL internal} call can be either;
 * an outbound call is always the user's own, an inbound one always reaches the user.
 */
public enum CallRole {
    /** The user called: dialled from a phone, or asked for a click-to-call (though the server rings them first). */
    CALLER,
    /** The user was called: from outside, or by a colleague (from a phone or by the colleague's click-to-call). */
    CALLEE
}
