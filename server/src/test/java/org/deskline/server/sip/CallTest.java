package org.deskline.server.sip;

import org.deskline.core.directory.Patch;
import static org.deskline.server.sip.SipHarness.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.EndReason;
import org.deskline.core.calllog.CallLog;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.server.testing.ApiClient;
import org.deskline.testkit.rtp.Audio;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls between registered phones through the B2BUA. */
class CallTest {
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
    void aCallBetweenTwoPhonesPassesSdpUnchangedAndAudioFlowsEndToEnd() {
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.name = Patch.of("Alice Example"));
        Desk bob = h.desk(SipHarness.nextExtension());

        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();

        assertTrue(in.from().contains("\"Alice Example\" <sip:" + alice.extension() + "@127.0.0.1"), in.from());
        assertTrue(in.to().contains("sip:" + bob.extension() + "@127.0.0.1"), in.to());
        assertEquals(bob.phone().contactUri(), in.requestUri(), "the callee gets its registered contact");
        assertEquals(out.localSdp().orElseThrow().text(), in.remoteSdp().orElseThrow().text(),
                "the caller's offer reaches the callee unchanged");
        assertEquals(in.localSdp().orElseThrow().text(), out.remoteSdp().orElseThrow().text(),
                "the callee's answer reaches the caller unchanged");
        assertTrue(out.statusCodes().contains(180), out.statusCodes().toString());

        out.rtp().awaitAudioPackets(10, T);
        in.rtp().awaitAudioPackets(10, T);
        assertTrue(Audio.rms(in.rtp().receivedAudio()) > 1000, "the callee hears the caller");

        assertEquals(200, out.hangup().getStatusCode());
        in.awaitTerminated();
        in.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);

        List<CallLog.Entry> a = h.callLog(alice.user().id(), 1);
        List<CallLog.Entry> b = h.callLog(bob.user().id(), 1);
        assertEquals(EndReason.HANGUP_LOCAL, a.get(0).call().endReason());
        assertEquals(EndReason.HANGUP_REMOTE, b.get(0).call().endReason());
        assertEquals(a.get(0).call().callId(), b.get(0).call().callId());
        assertEquals(bob.extension(), a.get(0).call().peerNumber());
        assertEquals(alice.extension(), b.get(0).call().peerNumber());
        assertTrue(a.get(0).call().answeredAt() != null);

        List<String> events = h.events.stream().filter(e -> e instanceof CallEvent ce && ce.call().userId().equals(bob.user().id()))
                .map(e -> e.name()).toList();
        assertEquals(List.of("call_created", "call_ringing", "call_answered", "call_ended"), events);
        h.awaitNoCalls();
    }

    @Test
    void theCalleeHangsUp() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertEquals(200, in.hangup().getStatusCode());
        out.awaitTerminated();
        out.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.HANGUP_REMOTE, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        assertEquals(EndReason.HANGUP_LOCAL, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        h.awaitNoCalls();
    }

    /** A user on their desk phone who can also sign in to the portal. */
    private static Desk portalDesk() {
        String ext = SipHarness.nextExtension();
        return h.desk(ext, f -> f.portalPassword = Patch.of("portal-" + ext));
    }

    /** The newest line of the user's call log as the portal reads it. */
    private static JsonNode newestInPortal(Desk d) throws Exception {
        ApiClient api = h.server.api();
        assertEquals(201, api.signIn(d.extension(), "portal-" + d.extension()).status());
        ApiClient.Reply log = api.get("/api/v1/users/me/call-log?limit=1");
        assertEquals(200, log.status(), log.toString());
        return log.json().get("calls").get(0);
    }

    @Test
    void theCallerCancelsWhileItRings() throws Exception {
        Desk alice = portalDesk();
        Desk bob = portalDesk();
        bob.phone().answerPolicy(AnswerPolicy.neverAnswer());
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitResponse(180, T);
        out.cancel();
        out.awaitTerminated();
        assertEquals(487, out.finalResponse().orElseThrow().getStatusCode());
        in.awaitTerminated();
        in.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertEquals(EndReason.CANCELLED, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        assertEquals(EndReason.CANCELLED, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        assertEquals(CallRole.CALLER, h.callLog(alice.user().id(), 1).get(0).call().role());
        assertEquals(CallRole.CALLEE, h.callLog(bob.user().id(), 1).get(0).call().role());

        // A missed call for Bob; Alice called and gave up, which is no missed call of hers.
        JsonNode atAlice = newestInPortal(alice);
        assertEquals("internal", atAlice.get("direction").asText());
        assertEquals("cancelled", atAlice.get("endReason").asText());
        assertFalse(atAlice.get("incoming").asBoolean(), atAlice.toString());
        assertFalse(atAlice.get("missed").asBoolean(), atAlice.toString());
        JsonNode atBob = newestInPortal(bob);
        assertEquals(atAlice.get("callId"), atBob.get("callId"));
        assertEquals("internal", atBob.get("direction").asText());
        assertTrue(atBob.get("incoming").asBoolean(), atBob.toString());
        assertTrue(atBob.get("missed").asBoolean(), atBob.toString());
        h.awaitNoCalls();
    }

    @Test
    void aBusyCalleeGivesTheCaller486() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.reject(486));
        Call out = alice.phone().call(h.uri(bob.extension()));
        assertEquals(486, out.awaitFinal(T).getStatusCode());
        assertEquals(EndReason.BUSY, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        assertEquals(EndReason.BUSY, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        assertEquals(CallRole.CALLER, h.callLog(alice.user().id(), 1).get(0).call().role());
        assertEquals(CallRole.CALLEE, h.callLog(bob.user().id(), 1).get(0).call().role());
        h.awaitNoCalls();
    }

    @Test
    void nobodyAnswersWithinTheRingTimeout() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.neverAnswer());
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        int status = out.awaitFinal(Duration.ofSeconds(6)).getStatusCode();
        assertTrue(status == 480 || status == 408, "480 or 408 after the ring timeout, got " + status);
        in.awaitTerminated();
        assertEquals(EndReason.NO_ANSWER, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        assertEquals(EndReason.NO_ANSWER, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        assertEquals(CallRole.CALLER, h.callLog(alice.user().id(), 1).get(0).call().role());
        assertEquals(CallRole.CALLEE, h.callLog(bob.user().id(), 1).get(0).call().role());
        h.awaitNoCalls();
    }

    @Test
    void holdAndResumeByReInviteAndAnUpdatePassThrough() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();

        assertEquals(200, out.hold().getStatusCode());
        in.awaitRemoteHold(true, T);
        assertEquals(200, out.resume().getStatusCode());
        in.awaitRemoteHold(false, T);

        assertEquals(200, in.hold().getStatusCode(), "the callee can hold too");
        out.awaitRemoteHold(true, T);
        assertEquals(200, in.resume().getStatusCode());

        assertEquals(200, out.reinvite(null).getStatusCode(), "re-INVITE without SDP: offer in 200, answer in ACK");
        assertEquals(200, out.update().getStatusCode());
        in.awaitRequest("UPDATE", T);

        assertEquals(200, in.hangup().getStatusCode());
        out.awaitTerminated();
        h.awaitNoCalls();
    }

    @Test
    void aLateOfferCallGetsTheOfferInTheAnswerAndTheAnswerInTheAck() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(bob.extension()), CallOptions.defaults().withoutSdp());
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertEquals(in.localSdp().orElseThrow().text(), out.remoteSdp().orElseThrow().text());
        in.rtp().awaitAudioPackets(10, T);
        out.hangup();
        in.awaitTerminated();
        h.awaitNoCalls();
    }

    @Test
    void callsLeaveNothingBehindInTheRegistries() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.answerImmediately());
        for (int i = 0; i < 20; i++) {
            Call out = alice.phone().call(h.uri(bob.extension()));
            Call in = bob.phone().awaitIncomingCall(T);
            out.awaitConfirmed();
            in.awaitConfirmed();
            (i % 2 == 0 ? out : in).hangup();
            out.awaitTerminated();
            in.awaitTerminated();
        }
        h.awaitNoCalls();
        assertEquals(0, h.server.deskline().calls().liveCount(alice.user().id()));
    }
}
