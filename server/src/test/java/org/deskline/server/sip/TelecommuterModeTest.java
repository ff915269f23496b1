package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.sip.Telecommuting.awaitClean;
import static org.deskline.server.sip.Telecommuting.next;
import static org.deskline.server.sip.Telecommuting.numberFor;
import static org.deskline.server.sip.Telecommuting.outboundFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.ModeChangedEvent;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.testkit.Await;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every mode transition of the telecommuter seed, checked where it matters: calls go where the mode
 * says. Desk → telecommuter (the desk phone carries no user and cannot call), back to a free base
 * device, back while a hot-desker has it (logged out: voicemail or busy), logged out, a phone login
 * ending telecommuter mode, only allowed users, and modes surviving a restart. Each change is a
 * {@code mode_changed} event.
 */
class TelecommuterModeTest {
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static Desk allowedDesk(Consumer<UserFields> more) {
        String ext = SipHarness.nextExtension();
        return h.desk(ext, f -> {
            f.telecommuterAllowed = Patch.of(true);
            f.telecommuterNumber = Patch.of(numberFor(ext));
            f.outboundNumber = Patch.of(outboundFor(ext));
            more.accept(f);
        });
    }

    private static User setMode(UserId user, UserMode mode) {
        return h.server.deskline().modes().setMode(user, mode, null);
    }

    private static UserMode modeOf(UserId id) {
        var view = h.server.deskline().modes().view();
        return view.modeOf(view.user(id).orElseThrow());
    }

    /** Waits until the user's latest {@code mode_changed} (delivered asynchronously) says {@code mode}. */
    private static ModeChangedEvent awaitModeEvent(UserId user, UserMode mode) {
        return Await.value(T, "mode_changed to " + mode + " for " + user, () -> {
            List<ModeChangedEvent> mine = h.events.stream().filter(e -> e instanceof ModeChangedEvent m
                    && m.userId().equals(user)).map(e -> (ModeChangedEvent) e).toList();
            return mine.isEmpty() || mine.get(mine.size() - 1).mode() != mode ? java.util.Optional.empty()
                    : java.util.Optional.of(mine.get(mine.size() - 1));
        }, h.events::toString);
    }

    /** A colleague on their own desk phone calls {@code ext} and the call is answered where it lands. */
    private static void callReaches(String ext, SipPhone where, String requestUriPrefix) {
        Desk caller = h.desk(SipHarness.nextExtension());
        Call out = caller.phone().call(h.uri(ext));
        Call in = where.awaitIncomingCall(T);
        assertTrue(in.requestUri().startsWith(requestUriPrefix), in.requestUri());
        out.awaitConfirmed();
        out.hangup();
        in.awaitTerminated();
    }

    private static int callStatus(String ext) {
        Desk caller = h.desk(SipHarness.nextExtension());
        return caller.phone().call(h.uri(ext)).awaitFinal(T).getStatusCode();
    }

    @Test
    void choosingTelecommuterModeLogsTheDeskPhoneOutAndSendsCallsToTheNumber() {
        Desk alice = allowedDesk(f -> { });
        Desk bob = h.desk(SipHarness.nextExtension());
        setMode(alice.user().id(), UserMode.TELECOMMUTER);
        assertEquals(numberFor(alice.extension()),
                awaitModeEvent(alice.user().id(), UserMode.TELECOMMUTER).telecommuterNumber());

        callReaches(alice.extension(), h.trunk, "sip:" + numberFor(alice.extension()) + "@");
        assertEquals(0, alice.phone().calls().size(), "the desk phone stays quiet");
        Call fromDesk = alice.phone().call(h.uri(bob.extension()));
        assertEquals(403, fromDesk.awaitFinal(T).getStatusCode(), "the desk phone carries no user and cannot call");
        assertTrue(fromDesk.finalResponse().orElseThrow().getReasonPhrase().contains("No user logged in"));
        awaitClean(h);
    }

    @Test
    void endingTelecommuterModeRestoresTheFreeBaseDevice() {
        Desk alice = allowedDesk(f -> { });
        Desk bob = h.desk(SipHarness.nextExtension());
        setMode(alice.user().id(), UserMode.TELECOMMUTER);
        setMode(alice.user().id(), UserMode.DESK);
        ModeChangedEvent back = awaitModeEvent(alice.user().id(), UserMode.DESK);
        assertEquals(h.server.deskline().modes().view().baseDeviceOf(alice.user().id()).orElseThrow(), back.deviceId());

        callReaches(alice.extension(), alice.phone(), alice.phone().contactUri());
        Call fromDesk = alice.phone().call(h.uri(bob.extension()));
        Call atBob = bob.phone().awaitIncomingCall(T);
        fromDesk.awaitConfirmed();
        assertTrue(atBob.from().contains("sip:" + alice.extension() + "@"), "the phone calls as alice again");
        fromDesk.hangup();
        atBob.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void endingItWhileAHotDeskerHasTheBaseDeviceLeavesTheUserLoggedOutVoicemailOrBusy() {
        Desk alice = allowedDesk(f -> f.voicemailEnabled = Patch.of(true));
        Desk dave = allowedDesk(f -> { });
        User carol = h.user(SipHarness.nextExtension());
        User erin = h.user(SipHarness.nextExtension());
        Device alicesDesk = h.server.deskline().modes().view()
                .device(h.server.deskline().modes().view().baseDeviceOf(alice.user().id()).orElseThrow()).orElseThrow();
        Device davesDesk = h.server.deskline().modes().view()
                .device(h.server.deskline().modes().view().baseDeviceOf(dave.user().id()).orElseThrow()).orElseThrow();

        setMode(alice.user().id(), UserMode.TELECOMMUTER);
        setMode(dave.user().id(), UserMode.TELECOMMUTER);
        h.server.deskline().hotdesk().login(alicesDesk.id(), carol.id(), LoginMethod.FEATURE_CODE);
        h.server.deskline().hotdesk().login(davesDesk.id(), erin.id(), LoginMethod.FEATURE_CODE);
        setMode(alice.user().id(), UserMode.DESK);
        setMode(dave.user().id(), UserMode.DESK);
        assertEquals(UserMode.LOGGED_OUT, modeOf(alice.user().id()));
        awaitModeEvent(alice.user().id(), UserMode.LOGGED_OUT);
        assertEquals(UserMode.LOGGED_OUT, modeOf(dave.user().id()));

        Desk caller = h.desk(SipHarness.nextExtension());
        Call toAlice = caller.phone().call(h.uri(alice.extension()));
        Call atVm = h.voicemail.awaitIncomingCall(T);
        assertTrue(atVm.header("Diversion").orElseThrow().contains("sip:" + alice.extension() + "@"));
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=unavailable"));
        toAlice.awaitConfirmed();
        toAlice.hangup();
        atVm.awaitTerminated();

        assertEquals(486, callStatus(dave.extension()), "no voicemail: busy");
        callReaches(carol.extension(), alice.phone(), alice.phone().contactUri());
        assertEquals(0, alice.phone().calls().stream().filter(c -> c.to().contains(alice.extension() + "@")).count(),
                "alice's old phone rings for carol only");
        awaitClean(h);
    }

    @Test
    void loggedOutModeSendsCallsToVoicemailOrBusy() {
        Desk alice = allowedDesk(f -> f.voicemailEnabled = Patch.of(true));
        Desk bob = allowedDesk(f -> { });
        setMode(alice.user().id(), UserMode.LOGGED_OUT);
        setMode(bob.user().id(), UserMode.LOGGED_OUT);
        awaitModeEvent(alice.user().id(), UserMode.LOGGED_OUT);
        callReaches(alice.extension(), h.voicemail, "sip:vm@");
        assertEquals(486, callStatus(bob.extension()));
        assertEquals(0, alice.phone().calls().size() + bob.phone().calls().size());
        awaitClean(h);
    }

    @Test
    void loggingInOnAPhoneEndsTelecommuterMode() {
        Desk alice = allowedDesk(f -> { });
        Device hot = h.device("hot-" + SipHarness.nextExtension(), null);
        SipPhone hotPhone = h.registered(hot.sipUsername());
        setMode(alice.user().id(), UserMode.TELECOMMUTER);
        h.server.deskline().hotdesk().login(hot.id(), alice.user().id(), LoginMethod.FEATURE_CODE);
        assertEquals(UserMode.DESK, modeOf(alice.user().id()));
        awaitModeEvent(alice.user().id(), UserMode.DESK);
        callReaches(alice.extension(), hotPhone, hotPhone.contactUri());
        awaitClean(h);
    }

    @Test
    void onlyUsersTheAdministratorAllowedMayChooseTelecommuterMode() {
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.telecommuterNumber = Patch.of("+31611112222"));
        DomainException e = assertThrows(DomainException.class, () -> setMode(alice.user().id(), UserMode.TELECOMMUTER));
        assertEquals(403, e.status());
        assertEquals("telecommuter-not-allowed", e.errorId());
        callReaches(alice.extension(), alice.phone(), alice.phone().contactUri());
        awaitClean(h);
    }

    @Test
    void modesSurviveARestart() throws Exception {
        Path data = Files.createTempDirectory("deskline-modes-");
        String teleExt = SipHarness.nextExtension();
        String outExt = SipHarness.nextExtension();
        try (SipHarness first = SipHarness.startOn(data, c -> c)) {
            User tele = first.user(teleExt, f -> {
                f.telecommuterAllowed = Patch.of(true);
                f.telecommuterNumber = Patch.of(numberFor(teleExt));
                f.dialPermission = Patch.of(DialPermission.NATIONAL);
            });
            first.server.deskline().modes().setMode(tele.id(), UserMode.TELECOMMUTER, null);
            User out = first.user(outExt, f -> f.outboundNumber = Patch.of(outboundFor(outExt)));
            first.device("restart-" + outExt, out.id());
            first.server.deskline().modes().setMode(out.id(), UserMode.LOGGED_OUT, null);
        }
        try (SipHarness second = SipHarness.startOn(data, c -> c)) {
            Desk caller = second.desk(SipHarness.nextExtension());
            Call toTele = caller.phone().call(second.uri(teleExt));
            Call atRemote = next(second.trunk, numberFor(teleExt));
            toTele.awaitConfirmed();
            toTele.hangup();
            atRemote.awaitTerminated();
            Call fromOutside = second.trunk.call(second.uri(outboundFor(outExt)),
                    CallOptions.defaults().from("<sip:+31612000999@carrier.example>"));
            assertEquals(486, fromOutside.awaitFinal(T).getStatusCode(), "still logged out: busy");
            awaitClean(second);
        }
    }
}
