package org.deskline.sip.routing;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.Header;
import org.deskline.core.dialplan.CallerId;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.Route;
import org.deskline.core.dialplan.Route.DiversionReason;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.User;
import org.deskline.core.registration.Binding;
import org.deskline.core.registration.LocationService;
import org.deskline.sip.b2bua.CallEnd;
import org.deskline.sip.b2bua.Forwarding;
import org.deskline.sip.b2bua.Target;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Route} into the outbound INVITE of a call: request URI, caller ID and the headers the
 * route needs.
 *
 * <ul>
 *   <li>A phone: the device's most recently registered contact (one contact rings, not all of them);
 *       From {@code "Name" <sip:<caller number>@server>}, To {@code <sip:<extension>@server>}.</li>
 *   <li>The trunk: {@code sip:<number>@trunk}; From and P-Asserted-Identity with the caller's
 *       outbound number ({@link Trunk}).</li>
 *   <li>A telecommuter number: through the trunk, presenting the original caller when the call came
 *       from outside, else the callee's outbound number; Diversion (RFC 5806, reason
 *       {@code unconditional}) and History-Info (RFC 7044) name the extension that was called.</li>
 *   <li>Voicemail: {@code --voicemail-uri}, To the callee's extension, Diversion with the reason
 *       ({@code unavailable}, {@code user-busy}, {@code no-answer}).</li>
 * </ul>
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class Targets {
    private static final Logger log = LoggerFactory.getLogger(Targets.class);
    private static final String DIVERSION = "Diversion";
    private static final String HISTORY_INFO = "History-Info";

    private final SipContext sip;
    private final Trunk trunk;
    private final LocationService location;
    private final DialPlan dialPlan;
    private final URI voicemail;

    public Targets(SipContext sip, Trunk trunk, LocationService location, DialPlan dialPlan, String voicemailUri) {
        this.sip = sip;
        this.trunk = trunk;
        this.location = location;
        this.dialPlan = dialPlan;
        this.voicemail = parse(sip, voicemailUri);
    }

    private static URI parse(SipContext sip, String uri) {
        if (uri == null || uri.isBlank()) {
            return null;
        }
        try {
            return sip.addresses().createURI(uri);
        } catch (ParseException e) {
            throw new IllegalArgumentException("--voicemail-uri is not a SIP URI: " + uri, e);
        }
    }

    public boolean hasVoicemail() {
        return voicemail != null;
    }

    /** The callee's phone, or empty when it has no live registration. */
    public Optional<Target> phone(User callee, DeviceId device, Caller caller, Body offer, int maxForwards) {
        Optional<Binding> contact = location.newest(device);
        if (contact.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = sip.addresses().createURI(contact.get().contactUri());
            Legs.Invite invite = new Legs.Invite(uri, callerAddress(caller),
                    sip.address(sip.serverUri(callee.extension()), null), offer, List.of(), maxForwards);
            return Optional.of(new Target(Target.Kind.PHONE, invite, null, true));
        } catch (ParseException e) {
            log.warn("Contact of {} unusable: {}", device, e.getMessage());
            return Optional.empty();
        }
    }

    /** An external or emergency number through the trunk. */
    public Target trunk(Route.Trunk route, Body offer, int maxForwards) {
        CallerId id = route.callerId();
        Legs.Invite invite = new Legs.Invite(trunk.requestUri(route.number()), trunk.fromAddress(id),
                trunk.toAddress(route.number()), offer, trunk.identityHeaders(id), maxForwards);
        return new Target(Target.Kind.TRUNK, invite, null, false);
    }

    /** The callee's telecommuter number through the trunk; empty without a trunk. */
    public Optional<Target> telecommuter(User callee, String number, Caller caller, Body offer, int maxForwards) {
        if (!trunk.isConfigured() || number == null) {
            return Optional.empty();
        }
        CallerId presented = caller.fromTrunk() ? new CallerId(caller.number(), caller.name())
                : new CallerId(caller.user() != null && caller.user().outboundNumber() != null
                        ? caller.user().outboundNumber() : callee.outboundNumber(), caller.name());
        List<Header> headers = new ArrayList<>(trunk.identityHeaders(presented));
        String called = "<" + sip.serverUri(callee.extension()) + ">";
        headers.add(header(DIVERSION, called + ";reason=unconditional;counter=1"));
        headers.add(header(HISTORY_INFO, called + ";index=1,<" + trunk.requestUri(number) + ";cause=302>;index=1.1"));
        Legs.Invite invite = new Legs.Invite(trunk.requestUri(number), trunk.fromAddress(presented),
                trunk.toAddress(number), offer, headers, maxForwards);
        return Optional.of(new Target(Target.Kind.TELECOMMUTER, invite, number, true));
    }

    /** The voicemail system for the callee; empty when none is configured. */
    public Optional<Target> voicemail(User callee, DiversionReason reason, Caller caller, Body offer, int maxForwards) {
        if (voicemail == null) {
            return Optional.empty();
        }
        Header diversion = header(DIVERSION, "<" + sip.serverUri(callee.extension()) + ">;reason=" + reason.token()
                + ";counter=1");
        Legs.Invite invite = new Legs.Invite((URI) voicemail.clone(), callerAddress(caller),
                sip.address(sip.serverUri(callee.extension()), callee.name()), offer, List.of(diversion), maxForwards);
        return Optional.of(new Target(Target.Kind.VOICEMAIL, invite, CallRecord.VOICEMAIL, false));
    }

    /**
     * After the callee's phone (or telecommuter number) failed: the dial plan's diversion (voicemail if
     * the callee has it), once.
     */
    public Forwarding forwardingFor(User callee, Caller caller, Body offer, int maxForwards) {
        return (failed, why) -> {
            if (failed.kind() == Target.Kind.VOICEMAIL) {
                return Optional.empty();
            }
            DiversionReason reason = switch (why) {
                case BUSY, DECLINED -> DiversionReason.USER_BUSY;
                case NO_ANSWER -> DiversionReason.NO_ANSWER;
                default -> DiversionReason.UNAVAILABLE;
            };
            if (why == CallEnd.FAILED) {
                return Optional.empty();
            }
            return dialPlan.divertOnFailure(callee, reason).flatMap(r -> r instanceof Route.Voicemail vm
                    ? voicemail(vm.callee(), vm.reason(), caller, offer, maxForwards) : Optional.empty());
        };
    }

    /** From of a call to a phone or voicemail: the caller's number and name at this server. */
    private Address callerAddress(Caller caller) {
        if (caller.number() == null) {
            try {
                return sip.address(sip.addresses().createSipURI("anonymous", "anonymous.invalid"),
                        caller.name() != null ? caller.name() : "Anonymous");
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return sip.address(sip.serverUri(caller.number()), caller.name());
    }

    private Header header(String name, String value) {
        try {
            return sip.headers().createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException(name + ": " + value, e);
        }
    }
}
