package org.deskline.sip.callback;

import java.util.Optional;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.Route;
import org.deskline.core.dialplan.Route.DiversionReason;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.sip.b2bua.Forwarding;
import org.deskline.sip.b2bua.Target;
import org.deskline.sip.redirect.Redirection;
import org.deskline.sip.redirect.SingleLine;
import org.deskline.sip.routing.Caller;
import org.deskline.sip.routing.Targets;

/**
 * Where a click-to-call's second leg goes: the destination dialled as if from the user's extension,
 * with the user's dial permission and outbound caller ID. Checked when the portal asks (a refusal
 * comes before anything rings) and resolved again when the target is called, seconds later, because
 * phones, modes and lines may have changed meanwhile.
 *
 * <p>Threading: stateless; never blocks.
 */
final class Destinations {
    private static final int MAX_FORWARDS = 70;

    private final DialPlan dialPlan;
    private final Targets targets;
    private final Redirection redirection;
    private final SingleLine singleLine;

    Destinations(DialPlan dialPlan, Targets targets, Redirection redirection, SingleLine singleLine) {
        this.dialPlan = dialPlan;
        this.targets = targets;
        this.redirection = redirection;
        this.singleLine = singleLine;
    }

    /** Where the destination goes now. */
    sealed interface Destination {
        /**
         * Call {@code target} (with no SDP: flow IV); {@code forwarding} on failure; {@code callee} is the
         * colleague called (null for an outside number); {@code line} the target's telecommuter line.
         */
        record Ring(Target target, Forwarding forwarding, User callee, SingleLine.Seizure line) implements Destination {
        }

        /** Busy: a colleague logged out without voicemail, or a telecommuter line that is full. */
        record Busy(User callee) implements Destination {
        }

        /** Cannot be reached: a colleague's phone not registered and no voicemail, no trunk. */
        record Unavailable(User callee) implements Destination {
        }

        /** Refused by the dial plan (the user's permissions changed since the portal asked). */
        record Refused(String reason) implements Destination {
        }
    }

    /**
     * The route to {@code destination} for the portal's request, refused as a domain error before
     * anything rings: 403 {@code call-refused} (dial permission), 400 {@code invalid-destination} (not
     * a number, no such extension, the user's own), 503 {@code no-trunk}.
     */
    Route check(User user, String destination) {
        Route route = dialPlan.fromUser(user, destination);
        if (route instanceof Route.Refused r) {
            throw switch (r.status()) {
                case 403 -> new DomainException(403, "call-refused", "Call refused", r.reason());
                case 503 -> new DomainException(503, "no-trunk", "Service unavailable", r.reason());
                default -> new DomainException(400, "invalid-destination", "Invalid destination", r.reason());
            };
        }
        User callee = callee(route);
        if (callee != null && callee.id().equals(user.id())) {
            throw new DomainException(400, "invalid-destination", "Invalid destination", "That is your own extension");
        }
        return route;
    }

    /** The colleague a route leads to, or null (an outside number). */
    static User callee(Route route) {
        if (route instanceof Route.RingDevice r) {
            return r.callee();
        } else if (route instanceof Route.RingTelecommuter r) {
            return r.callee();
        } else if (route instanceof Route.Voicemail r) {
            return r.callee();
        } else if (route instanceof Route.Busy r) {
            return r.callee();
        }
        return null;
    }

    /** Where the destination goes now, on behalf of {@code user}. */
    Destination resolve(User user, String destination) {
        Route route = dialPlan.fromUser(user, destination);
        Caller caller = new Caller(user, null, user.extension(), user.name(), false);
        if (route instanceof Route.Trunk t) {
            SingleLine.Seizure line = singleLine.atNumber(t.number());
            if (line.isBusy()) {
                return new Destination.Busy(null);
            }
            return new Destination.Ring(targets.trunk(t, null, MAX_FORWARDS), Forwarding.NONE, null, line);
        } else if (route instanceof Route.RingDevice rd) {
            Optional<Target> phone = targets.phone(rd.callee(), rd.device(), caller, null, MAX_FORWARDS);
            if (phone.isPresent()) {
                return new Destination.Ring(phone.get(), targets.forwardingFor(rd.callee(), caller, null, MAX_FORWARDS),
                        rd.callee(), SingleLine.Seizure.NONE);
            }
            return voicemailOr(rd.callee(), DiversionReason.UNAVAILABLE, caller, new Destination.Unavailable(rd.callee()));
        } else if (route instanceof Route.RingTelecommuter rt) {
            Redirection.Outcome o = redirection.redirect(rt.callee(), rt.number(), caller, null, MAX_FORWARDS);
            if (o instanceof Redirection.Outcome.Ring ring) {
                return new Destination.Ring(ring.target(),
                        targets.forwardingFor(rt.callee(), caller, null, MAX_FORWARDS), rt.callee(), ring.line());
            }
            if (o instanceof Redirection.Outcome.Busy busy) {
                return busy.voicemail().<Destination>map(vm -> new Destination.Ring(vm, Forwarding.NONE, rt.callee(),
                        SingleLine.Seizure.NONE)).orElseGet(() -> new Destination.Busy(rt.callee()));
            }
            return voicemailOr(rt.callee(), DiversionReason.UNAVAILABLE, caller, new Destination.Unavailable(rt.callee()));
        } else if (route instanceof Route.Voicemail vm) {
            return voicemailOr(vm.callee(), vm.reason(), caller, new Destination.Unavailable(vm.callee()));
        } else if (route instanceof Route.Busy b) {
            return new Destination.Busy(b.callee());
        } else if (route instanceof Route.Refused r) {
            return new Destination.Refused(r.reason());
        }
        return new Destination.Refused("Not a number to call back");
    }

    private Destination voicemailOr(User callee, DiversionReason reason, Caller caller, Destination otherwise) {
        return dialPlan.divertOnFailure(callee, reason)
                .flatMap(r -> targets.voicemail(callee, reason, caller, null, MAX_FORWARDS))
                .<Destination>map(vm -> new Destination.Ring(vm, Forwarding.NONE, callee, SingleLine.Seizure.NONE))
                .orElse(otherwise);
    }
}
