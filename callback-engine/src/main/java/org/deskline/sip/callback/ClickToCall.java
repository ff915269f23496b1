package org.deskline.sip.callback;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import javax.sip.address.URI;
import org.deskline.core.call.CallControl;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.CallView;
import org.deskline.core.dialplan.CallerId;
import org.deskline.core.dialplan.Route;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.core.registration.Binding;
import org.deskline.core.registration.LocationService;
import org.deskline.sip.b2bua.CallRegistry;
import org.deskline.sip.leg.Body;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.leg.SerialExecutor;
import org.deskline.sip.media.MediaEndpoint;
import org.deskline.sip.media.MediaPortsExhaustedException;
import org.deskline.sip.media.MediaSession;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.redirect.Redirection;
import org.deskline.sip.redirect.SingleLine;
import org.deskline.sip.routing.Targets;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Click-to-call ({@link CallControl}): checks the request, then starts a {@link CallbackCall} and returns
 * the call in state {@code dialing} with its first INVITE already sent.
 *
 * <ul>
 *   <li>Refused before anything rings: a destination the user may not dial (403 {@code call-refused}),
 *       an invalid one (400 {@code invalid-destination}), no trunk for an outside number (503
 *       {@code no-trunk}).</li>
 *   <li>Where the user is called back: in telecommuter mode the telecommuter number through the trunk,
 *       presenting the office's number ({@code --office-number}, else the user's outbound number), on
 *       the number's single line (409 {@code line-busy} when full); in desk mode the phone carrying the
 *       user (409 {@code user-unreachable} when it is not registered); logged out, nowhere (409
 *       {@code user-unreachable}).</li>
 *   <li>The server's media answers for the target until the bridge (503 {@code media-unavailable} when
 *       its ports are used up).</li>
 * </ul>
 *
 * <p>Threading: called on the portal's threads; never blocks (directory, bindings and dial plan are in
 * memory, sending is asynchronous). Each call continues on its own {@link SerialExecutor}.
 */
public final class ClickToCall implements CallControl {
    private static final Logger log = LoggerFactory.getLogger(ClickToCall.class);
    private static final int MAX_FORWARDS = 70;

    private final SipContext sip;
    private final DirectoryView directory;
    private final LocationService location;
    private final Trunk trunk;
    private final SingleLine singleLine;
    private final CallTracker tracker;
    private final MediaEndpoint media;
    private final CallbackConfig config;
    private final Destinations destinations;
    private final CallbackCall.Services services;

    public ClickToCall(SipContext sip, Legs legs, CallRegistry registry, DirectoryView directory,
            org.deskline.core.dialplan.DialPlan dialPlan, LocationService location, Trunk trunk, Targets targets,
            Redirection redirection, SingleLine singleLine, CallTracker tracker, MediaEndpoint media,
            PromptLibrary prompts, CallbackConfig config) {
        this.sip = sip;
        this.directory = directory;
        this.location = location;
        this.trunk = trunk;
        this.singleLine = singleLine;
        this.tracker = tracker;
        this.media = media;
        this.config = config;
        this.destinations = new Destinations(dialPlan, targets, redirection, singleLine);
        this.services = new CallbackCall.Services(sip, legs, registry, destinations, prompts, config);
    }

    @Override
    public CallView clickToCall(UserId userId, String destination) {
        User user = directory.user(userId).orElseThrow(() -> DomainException.notFound("user-not-found", "No such user"));
        Route route = destinations.check(user, destination);
        UserMode mode = directory.modeOf(user);
        SingleLine.Seizure line = SingleLine.Seizure.NONE;
        URI userUri;
        if (mode == UserMode.TELECOMMUTER) {
            if (!trunk.isConfigured()) {
                throw new DomainException(503, "no-trunk", "Service unavailable",
                        "No trunk is configured to call the telecommuter number");
            }
            line = singleLine.of(user, user.telecommuterNumber());
            if (line.isBusy()) {
                throw DomainException.conflict("line-busy", "Your telecommuter line already carries "
                        + (user.callWaiting() ? "two calls" : "a call"));
            }
            userUri = trunk.requestUri(user.telecommuterNumber());
        } else {
            userUri = deskPhone(user);
        }
        MediaSession session;
        try {
            session = media.openSession();
        } catch (MediaPortsExhaustedException | IllegalStateException e) {
            line.release();
            throw new DomainException(503, "media-unavailable", "Service unavailable",
                    "The server cannot play the callback's prompts now");
        }
        Body offer = new Body("application", "sdp", session.createOffer().getBytes(StandardCharsets.UTF_8));
        Legs.Invite invite = mode == UserMode.TELECOMMUTER ? toTelecommuter(user, userUri, offer)
                : toDesk(user, destination, userUri, offer);
        CallId id = CallId.random();
        CallbackCall call = new CallbackCall(id, new SerialExecutor(), services, user, destination, invite,
                mode == UserMode.TELECOMMUTER, session, line);
        CallbackRecord record = CallbackRecord.open(tracker, id, user, destination, Destinations.callee(route),
                mode == UserMode.TELECOMMUTER ? user.telecommuterNumber() : null, () -> call.hangupFromPortal(user.id()));
        log.debug("callback {} for {} to {}: calling {} first", id, user.extension(), destination, userUri);
        call.start(record);
        return record.view();
    }

    /** The registered contact of the phone carrying the user (desk mode). */
    private URI deskPhone(User user) {
        Optional<DeviceLogin> login = directory.loginOfUser(user.id());
        if (login.isEmpty()) {
            throw DomainException.conflict("user-unreachable",
                    "You are logged out: log in on a phone or choose telecommuter mode to be called back");
        }
        Binding contact = location.newest(login.get().deviceId()).orElseThrow(() -> DomainException.conflict(
                "user-unreachable", "Your phone is not registered, so it cannot be called back"));
        try {
            return sip.addresses().createURI(contact.contactUri());
        } catch (ParseException e) {
            throw DomainException.conflict("user-unreachable", "Your phone's contact address is unusable");
        }
    }

    /** Through the trunk to the telecommuter number, presenting the office (else the user's own number). */
    private Legs.Invite toTelecommuter(User user, URI uri, Body offer) {
        String number = user.telecommuterNumber();
        CallerId office = new CallerId(config.officeNumber() != null ? config.officeNumber() : user.outboundNumber(), null);
        return new Legs.Invite(uri, trunk.fromAddress(office), trunk.toAddress(number), offer,
                trunk.identityHeaders(office), MAX_FORWARDS);
    }

    /** To the desk phone, showing what is being called. */
    private Legs.Invite toDesk(User user, String destination, URI uri, Body offer) {
        return new Legs.Invite(uri, sip.address(sip.serverUri(destination), "Call to " + destination),
                sip.address(sip.serverUri(user.extension()), user.name()), offer, List.of(), MAX_FORWARDS);
    }
}
