package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.EndReason;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserMode;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dial plan on the wire: the trunk both ways with the right caller ID, refusals with a reason,
 * emergency calls, voicemail and telecommuter diversion, hot-desk logins.
 */
class RoutingTest {
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void anExternalCallReachesTheTrunkPresentingTheOutboundNumber() {
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.outboundNumber = Patch.of("+31201110001"));
        Call out = alice.phone().call(h.uri("0612345678"));
        Call atTrunk = h.trunk.awaitIncomingCall(T);
        out.awaitConfirmed();
        assertTrue(atTrunk.requestUri().startsWith("sip:0612345678@127.0.0.1:" + h.trunk.port()), atTrunk.requestUri());
        assertTrue(atTrunk.from().contains("<sip:+31201110001@"), atTrunk.from());
        assertTrue(atTrunk.header("P-Asserted-Identity").orElseThrow().contains("sip:+31201110001@"),
                atTrunk.header("P-Asserted-Identity").toString());
        assertEquals(atTrunk.remoteSdp().orElseThrow().text(), out.localSdp().orElseThrow().text());
        out.hangup();
        atTrunk.awaitTerminated();
        CallLog.Entry e = h.callLog(alice.user().id(), 1).get(0);
        assertEquals(CallDirection.OUTBOUND, e.call().direction());
        assertEquals("0612345678", e.call().peerNumber());
        h.awaitNoCalls();
    }

    @Test
    void aCallFromTheTrunkToAnOutboundNumberRingsTheUserAndKeepsTheCallersNumber() {
        Desk bob = h.desk(SipHarness.nextExtension(), f -> f.outboundNumber = Patch.of("+31201110002"));
        Call in = null;
        Call out = h.trunk.call(h.uri("+31201110002"),
                CallOptions.defaults().from("\"Carol Outside\" <sip:+31612000111@carrier.example>"));
        in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        assertTrue(in.from().contains("\"Carol Outside\" <sip:+31612000111@"), in.from());
        assertEquals(bob.phone().contactUri(), in.requestUri());
        in.awaitConfirmed();
        in.hangup();
        out.awaitTerminated();
        CallLog.Entry e = h.callLog(bob.user().id(), 1).get(0);
        assertEquals(CallDirection.INBOUND, e.call().direction());
        assertEquals("+31612000111", e.call().peerNumber());
        assertEquals(EndReason.HANGUP_LOCAL, e.call().endReason());
        h.awaitNoCalls();
    }

    @Test
    void aPhoneWithNobodyLoggedInMayNotCallButMayDialEmergency() {
        Device empty = h.device("empty-" + SipHarness.nextExtension(), null);
        SipPhone phone = h.registered(empty.sipUsername());
        Desk bob = h.desk(SipHarness.nextExtension());

        Call refused = phone.call(h.uri(bob.extension()));
        assertEquals(403, refused.awaitFinal(T).getStatusCode());
        assertTrue(refused.finalResponse().orElseThrow().getReasonPhrase().contains("No user logged in"),
                refused.finalResponse().orElseThrow().getReasonPhrase());

        Call emergency = phone.call(h.uri("112"));
        Call atTrunk = h.trunk.awaitIncomingCall(T);
        emergency.awaitConfirmed();
        assertTrue(atTrunk.requestUri().startsWith("sip:112@"), atTrunk.requestUri());
        emergency.hangup();
        atTrunk.awaitTerminated();
        h.awaitNoCalls();
    }

    @Test
    void aForbiddenNumberIsRefusedWithAReasonAndLogged() {
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.dialPermission = Patch.of(DialPermission.NATIONAL));
        Call abroad = alice.phone().call(h.uri("004930123456"));
        assertEquals(403, abroad.awaitFinal(T).getStatusCode());
        assertEquals("Not allowed to call international numbers", abroad.finalResponse().orElseThrow().getReasonPhrase());
        assertEquals(EndReason.FORBIDDEN, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        Call emergency = alice.phone().call(h.uri("911"));
        h.trunk.awaitIncomingCall(T).awaitConfirmed();
        emergency.awaitConfirmed();
        emergency.hangup();
        h.awaitNoCalls();
    }

    @Test
    void aLoggedOutUserWithVoicemailIsDivertedThereAndWithoutItTheCallerHearsBusy() {
        Desk alice = h.desk(SipHarness.nextExtension());
        User withVm = h.user(SipHarness.nextExtension(), f -> f.voicemailEnabled = Patch.of(true));
        User without = h.user(SipHarness.nextExtension());

        Call toVm = alice.phone().call(h.uri(withVm.extension()));
        Call atVm = h.voicemail.awaitIncomingCall(T);
        toVm.awaitConfirmed();
        String diversion = atVm.header("Diversion").orElseThrow();
        assertTrue(diversion.contains("sip:" + withVm.extension() + "@") && diversion.contains("reason=unavailable"),
                diversion);
        toVm.hangup();
        atVm.awaitTerminated();
        assertEquals(EndReason.VOICEMAIL, h.callLog(withVm.id(), 1).get(0).call().endReason());

        Call busy = alice.phone().call(h.uri(without.extension()));
        assertEquals(486, busy.awaitFinal(T).getStatusCode());
        assertEquals(1, h.callLog(without.id(), 1).size());
        h.awaitNoCalls();
    }

    @Test
    void aBusyDeskPhoneDivertsToVoicemailWithReasonUserBusy() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension(), f -> f.voicemailEnabled = Patch.of(true));
        bob.phone().answerPolicy(AnswerPolicy.reject(486));
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call atVm = h.voicemail.awaitIncomingCall(T);
        out.awaitConfirmed();
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=user-busy"), atVm.header("Diversion").toString());
        out.hangup();
        atVm.awaitTerminated();
        assertEquals(EndReason.VOICEMAIL, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        h.awaitNoCalls();
    }

    @Test
    void aTelecommutersCallsGoToTheirNumberThroughTheTrunkWithDiversion() {
        Desk alice = h.desk(SipHarness.nextExtension());
        User tele = h.user(SipHarness.nextExtension(), f -> {
            f.telecommuterAllowed = Patch.of(true);
            f.telecommuterNumber = Patch.of("+31687654321");
            f.outboundNumber = Patch.of("+31201110003");
        });
        h.server.deskline().modes().setMode(tele.id(), UserMode.TELECOMMUTER, null);
        Call out = alice.phone().call(h.uri(tele.extension()));
        Call atTrunk = h.trunk.awaitIncomingCall(T);
        out.awaitConfirmed();
        assertTrue(atTrunk.requestUri().startsWith("sip:+31687654321@"), atTrunk.requestUri());
        assertTrue(atTrunk.header("Diversion").orElseThrow().contains("sip:" + tele.extension() + "@"));
        assertEquals(2, String.join(",", atTrunk.headers("History-Info")).split("index=").length - 1);
        out.hangup();
        atTrunk.awaitTerminated();
        assertEquals("+31687654321", h.callLog(tele.id(), 1).get(0).call().redirectedTo());
        h.awaitNoCalls();
    }

    @Test
    void aHotDeskLoginMakesTheExtensionRingTheNewPhoneAtOnce() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Device hot = h.device("hot-" + SipHarness.nextExtension(), null);
        SipPhone hotPhone = h.registered(hot.sipUsername());

        h.server.deskline().hotdesk().login(hot.id(), bob.user().id(), LoginMethod.FEATURE_CODE);
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = hotPhone.awaitIncomingCall(T);
        out.awaitConfirmed();
        assertEquals(0, bob.phone().calls().size(), "the old desk phone stays quiet");
        in.awaitConfirmed();
        in.hangup();
        out.awaitTerminated();

        Call fromHot = hotPhone.call(h.uri(alice.extension()));
        Call atAlice = alice.phone().awaitIncomingCall(T);
        fromHot.awaitConfirmed();
        atAlice.awaitConfirmed();
        assertTrue(atAlice.from().contains("sip:" + bob.extension() + "@"), "the hot desk calls as its user: " + atAlice.from());
        fromHot.hangup();
        atAlice.awaitTerminated();
        h.awaitNoCalls();
    }

    @Test
    void unknownExtensionsAndFeatureCodesAreAnsweredWithAReason() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Call nobody = alice.phone().call(h.uri("7999"));
        assertEquals(404, nobody.awaitFinal(T).getStatusCode());
        Call code = alice.phone().call(h.uri("*99"));
        assertEquals(404, code.awaitFinal(T).getStatusCode());
        assertEquals("Feature code not available", code.finalResponse().orElseThrow().getReasonPhrase());
        List<CallLog.Entry> log = h.callLog(alice.user().id(), 1);
        assertEquals(EndReason.NOT_FOUND, log.get(0).call().endReason());
        h.awaitNoCalls();
    }
}
