package org.deskline.core.dialplan;

import java.util.Optional;
import org.deskline.core.dialplan.Route.DiversionReason;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserMode;

/**
 * Decides where a call goes, from the in-memory directory only: safe and quick on a SIP thread.
 *
 * <ul>
 *   <li>The calling identity is the user logged in on the device, not the device. A device with no
 *       user may dial feature codes and emergency numbers only.</li>
 *   <li>A call to an extension rings the device carrying the user, or goes to the telecommuter number
 *       in telecommuter mode; a logged-out user's calls go to voicemail if the user has it and a
 *       voicemail system is configured, else the caller hears busy.</li>
 *   <li>External numbers need the caller's dial permission and go to the trunk presenting the
 *       caller's outbound number; emergency numbers are always allowed.</li>
 * </ul>
 */
public final class DialPlan {
    private final DirectoryView view;
    private final NumberPlan numbers;
    private final boolean trunkConfigured;
    private final boolean voicemailConfigured;

    public DialPlan(DirectoryView view, NumberPlan numbers, boolean trunkConfigured, boolean voicemailConfigured) {
        this.view = view;
        this.numbers = numbers;
        this.trunkConfigured = trunkConfigured;
        this.voicemailConfigured = voicemailConfigured;
    }

    public NumberPlan numbers() {
        return numbers;
    }

    /** A number dialled on a registered phone. */
    public Route fromDevice(DeviceId deviceId, String dialed) {
        NumberClass cls = numbers.classify(dialed);
        if (cls == NumberClass.FEATURE_CODE) {
            return new Route.FeatureCode(dialed);
        }
        Optional<User> caller = view.userOnDevice(deviceId);
        if (cls == NumberClass.EMERGENCY) {
            if (!trunkConfigured) {
                return new Route.Refused(503, "No trunk configured for emergency calls", true);
            }
            CallerId id = caller.map(u -> new CallerId(u.outboundNumber(), u.name()))
                    .orElseGet(() -> new CallerId(null, view.device(deviceId).map(Device::name).orElse(null)));
            return new Route.Trunk(dialed, cls, id);
        }
        if (caller.isEmpty()) {
            return new Route.Refused(403, "No user logged in on this phone - dial *35 to log in", true);
        }
        return fromUser(caller.get(), dialed, cls);
    }

    /**
     * A number dialled on behalf of a user (from their phone, or click-to-call from the portal), with
     * the user's permissions.
     */
    public Route fromUser(User caller, String dialed) {
        NumberClass cls = numbers.classify(dialed);
        if (cls == NumberClass.EMERGENCY) {
            return trunkConfigured ? new Route.Trunk(dialed, cls, new CallerId(caller.outboundNumber(), caller.name()))
                    : new Route.Refused(503, "No trunk configured for emergency calls", true);
        }
        if (cls == NumberClass.FEATURE_CODE) {
            return new Route.Refused(403, "Feature codes are dialled on a phone", false);
        }
        return fromUser(caller, dialed, cls);
    }

    private Route fromUser(User caller, String dialed, NumberClass cls) {
        switch (cls) {
            case INVALID:
                return new Route.Refused(404, "Not a valid number", false);
            case INTERNAL: {
                Optional<User> callee = view.userByExtension(dialed);
                if (callee.isEmpty()) {
                    return new Route.Refused(404, "No such extension", false);
                }
                if (callee.get().id().equals(caller.id())) {
                    return unreachable(callee.get(), DiversionReason.USER_BUSY);
                }
                return toUser(callee.get());
            }
            default: {
                if (!caller.dialPermission().allows(cls.required())) {
                    return new Route.Refused(403, "Not allowed to call " + describe(cls) + " numbers", true);
                }
                if (!trunkConfigured) {
                    return new Route.Refused(503, "No trunk configured for external calls", false);
                }
                return new Route.Trunk(dialed, cls, new CallerId(caller.outboundNumber(), caller.name()));
            }
        }
    }

    /** A call arriving from the trunk for {@code called}: a user's outbound number (or extension). */
    public Route fromTrunk(String called) {
        Optional<User> callee = findByNumber(called);
        if (callee.isEmpty()) {
            return new Route.Refused(404, "Not Found", false);
        }
        return toUser(callee.get());
    }

    /**
     * The user in telecommuter mode whose telecommuter number this is (written either way: E.164 or with
     * a prefix), if any: calls to and from it use that user's single line.
     */
    public Optional<User> telecommuterAt(String number) {
        if (number == null || number.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> exact = view.userByTelecommuterNumber(number);
        if (exact.isPresent()) {
            return exact;
        }
        String e164 = toE164(number);
        if (e164 == null) {
            return Optional.empty();
        }
        if (!e164.equals(number)) {
            Optional<User> u = view.userByTelecommuterNumber(e164);
            if (u.isPresent()) {
                return u;
            }
        }
        if (e164.startsWith("+" + numbers.countryCode())) {
            return view.userByTelecommuterNumber(numbers.nationalPrefix() + e164.substring(1 + numbers.countryCode().length()));
        }
        return Optional.empty();
    }

    /** Where a call to this user goes now. */
    public Route toUser(User callee) {
        UserMode mode = view.modeOf(callee);
        switch (mode) {
            case TELECOMMUTER:
                return new Route.RingTelecommuter(callee, callee.telecommuterNumber());
            case DESK: {
                Optional<DeviceLogin> login = view.loginOfUser(callee.id());
                if (login.isPresent()) {
                    return new Route.RingDevice(callee, login.get().deviceId());
                }
                return unreachable(callee, DiversionReason.UNAVAILABLE);
            }
            default:
                return unreachable(callee, DiversionReason.UNAVAILABLE);
        }
    }

    /**
     * After the callee's phone was busy or did not answer: voicemail if there is one for the user,
     * else empty (the caller gets the failure).
     */
    public Optional<Route> divertOnFailure(User callee, DiversionReason reason) {
        return hasVoicemail(callee) ? Optional.of(new Route.Voicemail(callee, reason)) : Optional.empty();
    }

    /** The caller ID of a call from this user to a colleague: extension and name. */
    public static CallerId internalCallerId(User caller) {
        return new CallerId(caller.extension(), caller.name());
    }

    private Route unreachable(User callee, DiversionReason reason) {
        if (hasVoicemail(callee)) {
            return new Route.Voicemail(callee, reason);
        }
        return new Route.Busy(callee, reason);
    }

    private boolean hasVoicemail(User u) {
        return voicemailConfigured && u.voicemailEnabled();
    }

    /** Exact match first, then the same number written the other way (+CC… or national prefix). */
    private Optional<User> findByNumber(String called) {
        if (called == null) {
            return Optional.empty();
        }
        Optional<User> exact = view.userByOutboundNumber(called);
        if (exact.isPresent()) {
            return exact;
        }
        String e164 = toE164(called);
        if (e164 != null && !e164.equals(called)) {
            Optional<User> u = view.userByOutboundNumber(e164);
            if (u.isPresent()) {
                return u;
            }
        }
        if (called.startsWith("+" + numbers.countryCode())) {
            Optional<User> u = view.userByOutboundNumber(
                    numbers.nationalPrefix() + called.substring(1 + numbers.countryCode().length()));
            if (u.isPresent()) {
                return u;
            }
        }
        return view.userByExtension(called);
    }

    private String toE164(String n) {
        return numbers.toE164(n);
    }

    private static String describe(NumberClass cls) {
        return cls.name().toLowerCase(java.util.Locale.ROOT);
    }
}
