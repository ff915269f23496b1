package org.deskline.sip.b2bua;

import org.deskline.sip.leg.Legs;

/**
 * Where a call's outbound leg goes.
 *
 * @param redirectedTo what the call log shows when this is not the callee's phone (the telecommuter
 *     number, {@code voicemail}); null for a phone or the trunk
 * @param ringTimeout whether the ring timeout applies (a phone ringing), or the target answers by itself
 */
public record Target(Kind kind, Legs.Invite invite, String redirectedTo, boolean ringTimeout) {

    public enum Kind {
        /** A registered phone of the directory. */
        PHONE,
        /** An external number through the trunk. */
        TRUNK,
        /** A user's telecommuter number through the trunk. */
        TELECOMMUTER,
        /** The voicemail system. */
        VOICEMAIL
    }
}
