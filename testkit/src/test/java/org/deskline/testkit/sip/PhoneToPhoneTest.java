package org.deskline.testkit.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.sip.message.Request;
import org.deskline.testkit.rtp.Audio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two in-JVM phones calling each other directly, no server: the harness checks itself. */
class PhoneToPhoneTest {
    private static final Duration T = Duration.ofSeconds(3);
    private SipPhone alice;
    private SipPhone bob;

    @BeforeEach
    void start() {
        alice = SipPhone.start(SipPhone.options("alice").displayName("Alice A").tone(440));
        bob = SipPhone.start(SipPhone.options("bob").tone(1000));
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
    }

    private Call[] establish() {
        Call out = alice.call(bob.contactUri());
        Call in = bob.awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        return new Call[] {out, in};
    }

    @Test
    void inviteRingingOkAckThenAudioBothWaysAndByeFromCaller() {
        Call out = alice.call(bob.contactUri());
        Call in = bob.awaitIncomingCall(T);
        assertEquals(200, out.awaitFinal(T).getStatusCode());
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertEquals(List.of(180, 200), out.statusCodes());
        assertTrue(in.from().contains("\"Alice A\" <" + alice.aor() + ">"), in.from());
        assertEquals(bob.contactUri(), in.requestUri());
        assertEquals(List.of("INVITE", "ACK"), methodsSent(alice));

        out.rtp().awaitAudioPackets(25, T);
        in.rtp().awaitAudioPackets(25, T);
        assertTrue(out.rtp().receivedRms() > 3000, out.rtp().describe());
        assertTrue(in.rtp().receivedRms() > 3000, in.rtp().describe());
        assertTrue(Audio.toneShare(out.rtp().receivedAudio(), 1000) > 0.9, "alice hears bob's 1 kHz");
        assertTrue(Audio.toneShare(in.rtp().receivedAudio(), 440) > 0.9, "bob hears alice's 440 Hz");

        assertEquals(200, out.hangup().getStatusCode());
        in.awaitTerminated();
        out.assertEnded(EndReason.HANGUP_LOCAL);
        in.assertEnded(EndReason.HANGUP_REMOTE);
    }

    @Test
    void byeFromCallee() {
        Call[] c = establish();
        assertEquals(200, c[1].hangup().getStatusCode());
        c[0].awaitTerminated();
        c[0].assertEnded(EndReason.HANGUP_REMOTE);
        int before = c[1].rtp().receivedCount();
        assertThrows(AssertionError.class, () -> c[1].rtp().awaitPackets(before + 3, Duration.ofMillis(200)),
                "the caller stops sending media after BYE");
    }

    @Test
    void dtmfOverRtpBetweenThePhones() {
        Call[] c = establish();
        c[0].rtp().sendDtmf("123#");
        c[1].rtp().awaitDigits("123#", T);
    }

    @Test
    void dtmfOverInfo() {
        Call[] c = establish();
        c[0].sendDtmfInfo("42*");
        c[1].awaitInfoDigits("42*", T);
        Request info = c[1].awaitRequest("INFO", T);
        assertEquals("Signal=4\r\nDuration=160\r\n", new String(info.getRawContent()));
    }

    @Test
    void holdWithSendonlyThenResume() {
        Call[] c = establish();
        Call out = c[0];
        Call in = c[1];
        assertEquals(200, out.hold().getStatusCode());
        in.awaitRemoteHold(true, T);
        assertEquals(Sdp.Direction.SENDONLY, out.localSdp().orElseThrow().direction());
        assertEquals(Sdp.Direction.RECVONLY, out.remoteSdp().orElseThrow().direction());
        assertEquals(Sdp.Direction.RECVONLY, in.localDirection());

        // held party stops sending; the holder keeps sending (music on hold, in real life)
        out.rtp().clearReceived();
        in.rtp().clearReceived();
        in.rtp().awaitAudioPackets(10, T);
        assertThrows(AssertionError.class, () -> out.rtp().awaitAudioPackets(3, Duration.ofMillis(300)));

        assertEquals(200, out.resume().getStatusCode());
        in.awaitRemoteHold(false, T);
        out.rtp().awaitAudioPackets(10, T);
        List<Request> reinvites = in.receivedRequests().stream().filter(r -> r.getMethod().equals("INVITE")).toList();
        assertEquals(2, reinvites.size());
    }

    @Test
    void holdWithZeroConnectionAddress() {
        Call[] c = establish();
        assertEquals(200, c[0].holdWithZeroConnection().getStatusCode());
        c[1].awaitRemoteHold(true, T);
        assertEquals("0.0.0.0", c[1].remoteSdp().orElseThrow().connectionAddress());
        c[0].resume();
        c[1].awaitRemoteHold(false, T);
    }

    @Test
    void updateAndReinviteWithoutSdp() {
        Call[] c = establish();
        assertEquals(200, c[0].update().getStatusCode());
        assertEquals("UPDATE", c[1].awaitRequest("UPDATE", T).getMethod());
        assertEquals(200, c[1].reinvite(null).getStatusCode(), "offer in the 2xx, answer in the ACK");
        Request ack = c[0].awaitRequest("ACK", T); // alice sent the first ACK; this one is bob's, for his re-INVITE
        assertTrue(ack.getRawContent() != null, "the ACK carries the answer");
        c[1].rtp().clearReceived();
        c[1].rtp().awaitAudioPackets(10, T);
    }

    @Test
    void cancelWhileRingingGives487() {
        bob.answerPolicy(AnswerPolicy.neverAnswer());
        Call out = alice.call(bob.contactUri());
        Call in = bob.awaitIncomingCall(T);
        out.awaitResponse(180, T);
        assertEquals(487, out.cancel().getStatusCode());
        in.awaitTerminated();
        out.assertEnded(EndReason.CANCELLED_LOCALLY);
        in.assertEnded(EndReason.CANCELLED_BY_REMOTE);
        assertEquals(487, in.finalResponse().orElseThrow().getStatusCode());
        assertTrue(methodsSent(alice).contains("CANCEL"));
    }

    @Test
    void cancelBeforeAnyProvisionalWaitsForOne() {
        bob.answerPolicy(AnswerPolicy.manual());
        Call out = alice.call(bob.contactUri());
        Call in = bob.awaitIncomingCall(T);
        Thread canceller = new Thread(out::cancel);
        canceller.start();
        org.deskline.testkit.Await.until(T, "cancel requested", out::cancelPending);
        bob.log().assertAbsent("no CANCEL before a provisional (RFC 3261 9.1)",
                e -> e.method().equals("CANCEL"), Duration.ofMillis(150));
        in.ring();
        in.awaitTerminated();
        out.awaitTerminated();
        assertEquals(487, out.finalResponse().orElseThrow().getStatusCode());
    }

    @Test
    void rejectAndRingThenReject() {
        bob.answerPolicy(AnswerPolicy.reject(486));
        Call busy = alice.call(bob.contactUri());
        assertEquals(486, busy.awaitFinal(T).getStatusCode());
        busy.assertEnded(EndReason.REJECTED_BY_REMOTE);

        bob.answerPolicy(AnswerPolicy.ringThenReject(Duration.ofMillis(50), 480));
        Call unavailable = alice.call(bob.contactUri());
        assertEquals(480, unavailable.awaitFinal(T).getStatusCode());
        assertEquals(List.of(180, 480), unavailable.statusCodes());
    }

    @Test
    void headersOfTheIncomingInviteAreVisible() {
        Call out = alice.call("sip:+4930123@" + bob.address(), CallOptions.defaults()
                .from("\"Trunk\" <sip:+4940999@carrier.example>")
                .header("P-Asserted-Identity", "<sip:+4940999@carrier.example>")
                .header("Diversion", "<sip:100@deskline.test>;reason=unconditional")
                .header("History-Info", "<sip:100@deskline.test>;index=1"));
        Call in = bob.awaitIncomingCall(T);
        assertEquals("sip:+4930123@" + bob.address(), in.requestUri());
        assertTrue(in.from().startsWith("\"Trunk\" <sip:+4940999@carrier.example>"), in.from());
        assertEquals("<sip:+4940999@carrier.example>", in.header("P-Asserted-Identity").orElseThrow());
        assertTrue(in.header("Diversion").orElseThrow().contains("reason=unconditional"));
        assertTrue(in.header("History-Info").orElseThrow().contains("index=1"));
        assertTrue(in.remoteSdp().orElseThrow().payloadTypes().containsAll(List.of(0, 8, 101)));
        out.awaitConfirmed();
    }

    @Test
    void lateOfferCall() {
        Call out = alice.call(bob.contactUri(), CallOptions.defaults().withoutSdp());
        Call in = bob.awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        assertTrue(out.invite().getRawContent() == null);
        in.rtp().awaitAudioPackets(10, T);
        out.rtp().awaitAudioPackets(10, T);
    }

    @Test
    void callOverTcp() {
        SipPhone carol = SipPhone.start(SipPhone.options("carol").transport("tcp"));
        try {
            Call out = carol.call(bob.contactUri());
            Call in = bob.awaitIncomingCall(T);
            out.awaitConfirmed();
            in.awaitConfirmed();
            assertEquals("tcp", carol.log().entries().get(0).transport());
            assertTrue(bob.log().entries().stream().allMatch(e -> e.transport().equals("tcp")), bob.log().dump());
            assertEquals(200, in.hangup().getStatusCode());
            out.awaitTerminated();
        } finally {
            carol.close();
        }
    }

    @Test
    void inviteChallengedByAFakeTrunkIsAnsweredWithProxyAuthorization() {
        SipPhone trunk = SipPhone.start(SipPhone.options("trunk").requireAuth(new DigestChallenger("carrier",
                "deskline", "trunkpw", List.of(Digest.Algorithm.SHA_256, Digest.Algorithm.MD5)), true));
        try {
            alice.credentials("deskline", "trunkpw");
            Call out = alice.call("sip:+4930123@" + trunk.address());
            assertEquals(200, out.awaitFinal(T).getStatusCode(), trunk.describe());
            assertEquals(407, out.statusCodes().get(0).intValue());
            assertTrue(out.header("Proxy-Authorization").orElseThrow().contains("algorithm=SHA-256"));
            assertTrue(out.invite().getHeader("CSeq").toString().contains("2 INVITE"), "CSeq grows on the retry");
            trunk.awaitIncomingCall(T).awaitConfirmed();
        } finally {
            trunk.close();
        }
    }

    @Test
    void respondToOverridesAMethod() {
        bob.respondTo("INVITE", 488).respondTo("OPTIONS", 503);
        Call[] c = establish();
        assertEquals(488, c[0].hold().getStatusCode(), "re-INVITE answered with the fixed status");
        assertEquals(503, alice.request("OPTIONS", bob.contactUri(), null, null).getStatusCode());
        assertEquals(CallState.CONFIRMED, c[0].state());
    }

    @Test
    void outOfDialogRequests() {
        assertEquals(200, alice.request("OPTIONS", bob.contactUri(), null, null).getStatusCode());
        assertEquals(200, alice.request("MESSAGE", bob.contactUri(), "text/plain", "hello").getStatusCode());
        assertEquals("hello", new String(bob.awaitRequest("MESSAGE", T).getRawContent()));
        assertEquals(405, alice.request("PUBLISH", bob.contactUri(), null, null, "Event: presence").getStatusCode());
    }

    @Test
    void awaitFailuresShowTheMessagesSeen() {
        bob.answerPolicy(AnswerPolicy.reject(603));
        Call out = alice.call(bob.contactUri());
        AssertionError e = assertThrows(AssertionError.class, () -> out.awaitState(CallState.CONFIRMED, T));
        assertTrue(e.getMessage().contains("ended (REJECTED_BY_REMOTE, final 603) without reaching CONFIRMED"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--> INVITE sip:bob@"), e.getMessage());
        assertTrue(e.getMessage().contains("<-- SIP/2.0 603 Decline"), e.getMessage());

        AssertionError none = assertThrows(AssertionError.class, () -> alice.awaitIncomingCall(Duration.ofMillis(50)));
        assertTrue(none.getMessage().startsWith("Timed out after 50 ms waiting for alice to receive an incoming call"),
                none.getMessage());
    }

    private static List<String> methodsSent(SipPhone phone) {
        return phone.log().find(e -> e.direction() == SipLog.Direction.OUT && e.isRequest())
                .stream().map(SipLog.Entry::method).toList();
    }
}
