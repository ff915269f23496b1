package org.deskline.core.dialplan;

import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.User;

/**
 * Where a call goes, decided by the {@link DialPlan} from the in-memory directory. The SIP side acts
 * on it; the dial plan never touches SIP.
 */
public sealed interface Route {

    /** Ring the device carrying {@code callee} (hot-desked or base device). */
    record RingDevice(User callee, DeviceId device) implements Route {
    }

    /** Send the call to the callee's telecommuter number through the trunk. */
    record RingTelecommuter(User callee, String number) implements Route {
    }

    /**
     * The callee cannot be reached (logged out, or calling themselves) and has no voicemail: the caller
     * hears busy (486), and the callee's call log shows the missed call.
     */
    record Busy(User callee, DiversionReason reason) implements Route {
    }

    /** The callee cannot be reached on a phone: voicemail, carrying a Diversion header. */
    record Voicemail(User callee, DiversionReason reason) implements Route {
    }

    /** An external (or emergency) number through the trunk, presenting {@code callerId}. */
    record Trunk(String number, NumberClass numberClass, CallerId callerId) implements Route {
    }

    /** A feature code the server answers itself ({@code *35…}). */
    record FeatureCode(String code) implements Route {
    }

    /**
     * The call is refused with a SIP status and a reason phrase a person can read.
     *
     * @param logged a refusal worth recording in the call log (forbidden numbers)
     */
    record Refused(int status, String reason, boolean logged) implements Route {
    }

    /** Why a call was diverted, as the Diversion header (RFC 5806) says it. */
    enum DiversionReason {
        UNAVAILABLE("unavailable"),
        USER_BUSY("user-busy"),
        NO_ANSWER("no-answer"),
        UNCONDITIONAL("unconditional");

        private final String token;

        DiversionReason(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }
}
