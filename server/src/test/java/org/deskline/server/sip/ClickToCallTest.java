package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.sip.Telecommuting.awaitClean;
import static org.deskline.server.sip.Telecommuting.awaitEnded;
import static org.deskline.server.sip.Telecommuting.click;
import static org.deskline.server.sip.Telecommuting.eventNames;
import static org.deskline.server.sip.Telecommuting.next;
import static org.deskline.server.sip.Telecommuting.numberFor;
import static org.deskline.server.sip.Telecommuting.outboundFor;
import static org.deskline.server.sip.Telecommuting.telecommuter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.sip.message.Request;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallState;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.testkit.Await;
import org.deskline.testkit.rtp.RtpPacket;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Click-to-call on the wire (RFC 3725 flow IV with the server's media on the user's leg): the fake trunk
 * answers as the telecommuter's remote phone and as the target; desk phones and colleagues are testkit
 * phones. Min-answer is 400 ms here, and the trunk answers after 700 ms unless a test says otherwise.
 */
class ClickToCallTest {
    private static final Duration USER_ANSWERS_AFTER = Duration.ofMillis(700);
    private static final String OFFICE = "+31201234000";
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withTelecommuter(t -> t.withMinAnswer(Duration.ofMillis(400))
                .withConfirmTimeout(Duration.ofMillis(1500)).withOfficeNumber(OFFICE)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void trunkAnswersLikeAPerson() {
        h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(USER_ANSWERS_AFTER));
    }

    @Test
    void theTelecommuterIsCalledBackThenTheTargetAndBothPhonesEndUpTalkingToEachOther() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        CallView v = click(h, u.id(), "0612345678");
        assertEquals(CallState.DIALING, v.state());
        assertEquals(numberFor(ext), v.redirectedTo());

        Call atUser = next(h.trunk, numberFor(ext));
        assertTrue(atUser.from().contains("<sip:" + OFFICE + "@"), "the office calls: " + atUser.from());
        assertTrue(atUser.header("P-Asserted-Identity").orElseThrow().contains(OFFICE));
        String serverOffer = atUser.remoteSdp().orElseThrow().text();
        int mediaPort = atUser.remoteSdp().orElseThrow().audioPort();
        assertTrue(mediaPort >= 34_000 && mediaPort <= 34_999, "the server's own media: " + serverOffer);
        atUser.awaitConfirmed();
        atUser.rtp().awaitAudioPackets(10, T);
        assertTrue(atUser.rtp().received().stream().allMatch(p -> p.source().getPort() == mediaPort),
                "the user hears the server's prompt and ringback");

        Call atTarget = next(h.trunk, "0612345678");
        byte[] targetInviteBody = atTarget.invite().getRawContent();
        assertTrue(targetInviteBody == null || targetInviteBody.length == 0, "flow IV: the target's INVITE has no SDP");
        assertTrue(atTarget.from().contains("<sip:" + outboundFor(ext) + "@"), "as dialled by the user: " + atTarget.from());
        atTarget.awaitConfirmed();

        awaitFacing(atUser, atTarget);
        atUser.awaitRequest("INVITE", T); // the initial one
        Request reinvite = atUser.awaitRequest("INVITE", T);
        String bridgeOffer = new String(reinvite.getRawContent(), StandardCharsets.UTF_8);
        Telecommuting.assertSameSession(serverOffer, bridgeOffer);
        assertEquals(atTarget.localSdp().orElseThrow().audioPort(), atUser.remoteSdp().orElseThrow().audioPort());
        atUser.rtp().clearReceived();
        Await.until(T, "the target's audio at the user", () -> atUser.rtp().received().stream()
                .anyMatch(p -> p.source().getPort() == atTarget.rtp().port()), atUser.rtp()::describe);
        Await.until(T, "the server's media closed", () -> h.server.deskline().media().sessionCount() == 0);

        atTarget.hangup();
        atUser.awaitTerminated();
        assertEquals(EndReason.HANGUP_REMOTE, awaitEnded(h, u.id(), v.callId()));
        assertEquals(List.of("call_created", "call_ringing", "call_answered", "call_ended"),
                eventNames(h, u.id(), v.callId()));
        CallLog.Entry e = h.callLog(u.id(), 1).get(0);
        assertEquals(CallDirection.OUTBOUND, e.call().direction());
        assertEquals(CallRole.CALLER, e.call().role());
        assertEquals("0612345678", e.call().peerNumber());
        assertEquals(numberFor(ext), e.call().redirectedTo());
        assertEquals(EndReason.HANGUP_REMOTE, e.call().endReason());
        awaitClean(h);
    }

    @Test
    void inDeskModeTheDeskPhoneRingsFirstAndAColleagueIsCalledAsFromTheExtension() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        CallView v = click(h, alice.user().id(), bob.extension());
        assertNull(v.redirectedTo());

        Call atAlice = alice.phone().awaitIncomingCall(T);
        assertEquals(alice.phone().contactUri(), atAlice.requestUri());
        assertTrue(atAlice.from().contains("sip:" + bob.extension() + "@"), "the phone shows what it calls: " + atAlice.from());
        Call atBob = bob.phone().awaitIncomingCall(T);
        assertTrue(atBob.from().contains("sip:" + alice.extension() + "@"), atBob.from());
        atBob.awaitConfirmed();
        awaitFacing(atAlice, atBob);

        atAlice.hangup();
        atBob.awaitTerminated();
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.HANGUP_LOCAL, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.HANGUP_REMOTE, awaitEnded(h, bob.user().id(), v.callId()));
        assertEquals(List.of("call_created", "call_ringing", "call_answered", "call_ended"),
                eventNames(h, bob.user().id(), v.callId()));
        CallLog.Entry atBobsLog = h.callLog(bob.user().id(), 1).get(0);
        assertEquals(CallDirection.INTERNAL, atBobsLog.call().direction());
        assertEquals(CallRole.CALLEE, atBobsLog.call().role(), "Bob was called");
        assertEquals(alice.extension(), atBobsLog.call().peerNumber());
        CallLog.Entry atAlicesLog = h.callLog(alice.user().id(), 1).get(0);
        assertEquals(CallDirection.INTERNAL, atAlicesLog.call().direction());
        assertEquals(CallRole.CALLER, atAlicesLog.call().role(), "Alice called, though her phone rang first");
        awaitClean(h);
    }

    @Test
    void anAnswerSoonerThanTheMinimumIsAMailboxAndIsReleased() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.answerImmediately());
        CallView v = click(h, u.id(), "0612345010");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitTerminated();
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.NO_ANSWER, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
        assertTrue(h.trunk.calls().stream().noneMatch(c -> c.requestUri().contains("0612345010")),
                "the target is never called");
    }

    @Test
    void aUserWhoMustPress1IsConnectedOnlyAfterPressing1() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext, f -> f.callbackConfirm = Patch.of(true));
        CallView v = click(h, u.id(), "0612345001");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitConfirmed();
        atUser.rtp().awaitAudioPackets(10, T);
        atUser.rtp().sendDtmf("2");
        assertTrue(h.trunk.calls().stream().noneMatch(c -> c.requestUri().contains("0612345001")), "2 is not 1");
        atUser.rtp().sendDtmf("1");
        Call atTarget = next(h.trunk, "0612345001");
        atTarget.awaitConfirmed();
        awaitFacing(atUser, atTarget);
        atUser.hangup();
        atTarget.awaitTerminated();
        assertEquals(EndReason.HANGUP_LOCAL, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void theKeyMayAlsoComeAsSipInfo() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext, f -> f.callbackConfirm = Patch.of(true));
        click(h, u.id(), "0612345002");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitConfirmed();
        atUser.sendDtmfInfo("1");
        Call atTarget = next(h.trunk, "0612345002");
        atTarget.awaitConfirmed();
        awaitFacing(atUser, atTarget);
        atTarget.hangup();
        atUser.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void withoutPressing1InTimeTheCallbackIsReleased() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext, f -> f.callbackConfirm = Patch.of(true));
        CallView v = click(h, u.id(), "0612345003");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitConfirmed();
        atUser.awaitTerminated(Duration.ofSeconds(6));
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.NO_ANSWER, awaitEnded(h, u.id(), v.callId()));
        assertTrue(h.trunk.calls().stream().noneMatch(c -> c.requestUri().contains("0612345003")));
        awaitClean(h);
    }

    @Test
    void aBusyTargetIsAnnouncedThenTheServerHangsUp() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.reject(486));
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        atAlice.awaitConfirmed();
        atAlice.awaitTerminated(Duration.ofSeconds(10));
        atAlice.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertTrue(atAlice.rtp().receivedAudioPackets().size() > 25, "alice heard why: " + atAlice.rtp().describe());
        assertEquals(EndReason.BUSY, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.BUSY, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void aBusyOutsideNumberIsAnnouncedToo() {
        Desk alice = h.desk(SipHarness.nextExtension());
        h.trunk.answerPolicy(AnswerPolicy.reject(486));
        CallView v = click(h, alice.user().id(), "0612345004");
        Call atAlice = alice.phone().awaitIncomingCall(T);
        next(h.trunk, "0612345004").awaitTerminated();
        atAlice.awaitTerminated(Duration.ofSeconds(10));
        assertTrue(atAlice.rtp().receivedAudioPackets().size() > 25, atAlice.rtp().describe());
        assertEquals(EndReason.BUSY, awaitEnded(h, alice.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void anUnansweredTargetIsCancelledAfterTheRingTimeoutAndAnnounced() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.neverAnswer());
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        Call atBob = bob.phone().awaitIncomingCall(T);
        atBob.awaitTerminated(Duration.ofSeconds(6));
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        atAlice.awaitTerminated(Duration.ofSeconds(10));
        assertEquals(EndReason.NO_ANSWER, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.NO_ANSWER, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void aBusyColleagueWithVoicemailIsBridgedToTheirMailbox() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension(), f -> f.voicemailEnabled = Patch.of(true));
        bob.phone().answerPolicy(AnswerPolicy.reject(486));
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        Call atVm = h.voicemail.awaitIncomingCall(T);
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=user-busy"), atVm.header("Diversion").toString());
        atVm.awaitConfirmed();
        awaitFacing(atAlice, atVm);
        atAlice.hangup();
        atVm.awaitTerminated();
        assertEquals(EndReason.VOICEMAIL, awaitEnded(h, bob.user().id(), v.callId()));
        assertEquals(EndReason.HANGUP_LOCAL, awaitEnded(h, alice.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void aForbiddenOrInvalidDestinationIsRefusedBeforeAnythingRings() {
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.dialPermission = Patch.of(DialPermission.INTERNAL));
        int trunkCalls = h.trunk.calls().size();
        DomainException forbidden = assertThrows(DomainException.class, () -> click(h, alice.user().id(), "0612345678"));
        assertEquals(403, forbidden.status());
        assertEquals("call-refused", forbidden.errorId());
        assertEquals("Not allowed to call national numbers", forbidden.detail());
        DomainException abroad = assertThrows(DomainException.class, () -> click(h, alice.user().id(), "+4930123456"));
        assertEquals("call-refused", abroad.errorId());
        DomainException noSuch = assertThrows(DomainException.class, () -> click(h, alice.user().id(), "99"));
        assertEquals(400, noSuch.status());
        assertEquals("invalid-destination", noSuch.errorId());
        DomainException self = assertThrows(DomainException.class, () -> click(h, alice.user().id(), alice.extension()));
        assertEquals("invalid-destination", self.errorId());
        assertEquals(0, h.server.deskline().calls().liveCount(alice.user().id()));
        assertEquals(trunkCalls, h.trunk.calls().size());
        assertEquals(0, alice.phone().calls().size(), "nothing rang");
    }

    @Test
    void aUserWithNoPhoneToCallBackIsToldSo() {
        User loggedOut = h.user(SipHarness.nextExtension());
        DomainException e = assertThrows(DomainException.class, () -> click(h, loggedOut.id(), "0612345678"));
        assertEquals(409, e.status());
        assertEquals("user-unreachable", e.errorId());
        User onUnregisteredPhone = h.user(SipHarness.nextExtension());
        h.device("unreg" + onUnregisteredPhone.extension(), onUnregisteredPhone.id());
        assertEquals("user-unreachable",
                assertThrows(DomainException.class, () -> click(h, onUnregisteredPhone.id(), "0612345678")).errorId());
    }

    // ---- early hang-up on each leg at each stage

    @Test
    void aBusyUserEndsTheCallbackBeforeTheTargetIsCalled() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.reject(486));
        CallView v = click(h, u.id(), "0612345005");
        next(h.trunk, numberFor(ext)).awaitTerminated();
        assertEquals(EndReason.BUSY, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
        assertTrue(h.trunk.calls().stream().noneMatch(c -> c.requestUri().contains("0612345005")));
    }

    @Test
    void anUnansweredCallbackIsCancelledAfterTheRingTimeout() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.neverAnswer());
        CallView v = click(h, u.id(), "0612345006");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitTerminated(Duration.ofSeconds(6));
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertEquals(EndReason.NO_ANSWER, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void theUserHangingUpWhileTheTargetRingsCancelsTheTarget() {
        ColleagueRinging r = colleagueRinging();
        Desk alice = r.alice();
        Desk bob = r.bob();
        CallView v = r.view();
        Call atAlice = r.atAlice();
        Call atBob = r.atBob();
        atAlice.awaitConfirmed();
        atAlice.hangup();
        atBob.awaitTerminated();
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertEquals(EndReason.CANCELLED, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.CANCELLED, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void theUserHangingUpWhileAskedToPress1EndsEverything() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext, f -> f.callbackConfirm = Patch.of(true));
        CallView v = click(h, u.id(), "0612345007");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitConfirmed();
        atUser.hangup();
        assertEquals(EndReason.CANCELLED, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
        assertTrue(h.trunk.calls().stream().noneMatch(c -> c.requestUri().contains("0612345007")));
    }

    @Test
    void hangingUpFromThePortalWhileTheUserIsCalledSendsCancel() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.neverAnswer());
        CallView v = click(h, u.id(), "0612345008");
        Call atUser = next(h.trunk, numberFor(ext));
        atUser.awaitState(org.deskline.testkit.sip.CallState.EARLY);
        h.server.deskline().calls().find(u.id(), v.callId()).orElseThrow().hangup();
        atUser.awaitTerminated();
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertEquals(EndReason.PORTAL_HANGUP, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void hangingUpFromThePortalWhileTheTargetRingsEndsBothLegs() {
        ColleagueRinging r = colleagueRinging();
        Desk alice = r.alice();
        Desk bob = r.bob();
        CallView v = r.view();
        Call atAlice = r.atAlice();
        Call atBob = r.atBob();
        h.server.deskline().calls().find(alice.user().id(), v.callId()).orElseThrow().hangup();
        atAlice.awaitTerminated();
        atAlice.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        atBob.awaitTerminated();
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertEquals(EndReason.PORTAL_HANGUP, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.CANCELLED, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void hangingUpFromThePortalWhenConnectedSendsByeBothWays() {
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        CallView v = click(h, u.id(), "0612345009");
        Call atUser = next(h.trunk, numberFor(ext));
        Call atTarget = next(h.trunk, "0612345009");
        atTarget.awaitConfirmed();
        awaitFacing(atUser, atTarget);
        Await.until(T, "call_answered", () -> eventNames(h, u.id(), v.callId()).contains("call_answered"));
        h.server.deskline().calls().find(u.id(), v.callId()).orElseThrow().hangup();
        atUser.awaitTerminated();
        atTarget.awaitTerminated();
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        atTarget.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.PORTAL_HANGUP, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void theTargetHangingUpFromThePortalWhileRingingEndsTheCallback() {
        ColleagueRinging r = colleagueRinging();
        Desk alice = r.alice();
        Desk bob = r.bob();
        CallView v = r.view();
        Call atAlice = r.atAlice();
        Call atBob = r.atBob();
        Await.value(T, "bob's tracked call", () -> h.server.deskline().calls().find(bob.user().id(), v.callId()),
                () -> "").hangup();
        atAlice.awaitTerminated();
        atBob.awaitTerminated();
        assertEquals(EndReason.PORTAL_HANGUP, awaitEnded(h, bob.user().id(), v.callId()));
        assertEquals(EndReason.DECLINED, awaitEnded(h, alice.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void aUserPhoneThatRefusesTheBridgeHearsWhyAndTheTargetIsReleased() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        alice.phone().respondTo("INVITE", 488);
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        Call atBob = bob.phone().awaitIncomingCall(T);
        atBob.awaitTerminated();
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        atAlice.awaitTerminated(Duration.ofSeconds(10));
        atAlice.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.FAILED, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.FAILED, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void hangingUpFromThePortalWhileBridgingEndsBothLegs() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        alice.phone().respondTo("INVITE", 491); // glare: the server waits 2.1-4 s before trying again
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        Call atBob = bob.phone().awaitIncomingCall(T);
        atAlice.awaitRequest("INVITE", T);
        atAlice.awaitRequest("INVITE", T);
        h.server.deskline().calls().find(alice.user().id(), v.callId()).orElseThrow().hangup();
        atAlice.awaitTerminated();
        atBob.awaitTerminated();
        atBob.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.PORTAL_HANGUP, awaitEnded(h, alice.user().id(), v.callId()));
        assertEquals(EndReason.HANGUP_REMOTE, awaitEnded(h, bob.user().id(), v.callId()));
        awaitClean(h);
    }

    @Test
    void hangingUpFromThePortalDuringTheAnnouncementEndsTheCall() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.reject(486));
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        bob.phone().awaitIncomingCall(T).awaitTerminated();
        atAlice.awaitConfirmed();
        atAlice.rtp().awaitAudioPackets(5, T);
        h.server.deskline().calls().find(alice.user().id(), v.callId()).orElseThrow().hangup();
        atAlice.awaitTerminated(Duration.ofSeconds(2));
        assertEquals(EndReason.BUSY, awaitEnded(h, alice.user().id(), v.callId()), "the target's failure stays the reason");
        awaitClean(h);
    }

    /** Alice (desk mode) clicked to call Bob: her phone answered, Bob's rings and never answers. */
    record ColleagueRinging(Desk alice, Desk bob, CallView view, Call atAlice, Call atBob) {
    }

    static ColleagueRinging colleagueRinging() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        bob.phone().answerPolicy(AnswerPolicy.neverAnswer());
        CallView v = click(h, alice.user().id(), bob.extension());
        Call atAlice = alice.phone().awaitIncomingCall(T);
        Call atBob = bob.phone().awaitIncomingCall(T);
        atBob.awaitState(org.deskline.testkit.sip.CallState.EARLY);
        return new ColleagueRinging(alice, bob, v, atAlice, atBob);
    }

    /** The final media addresses: each phone sends to the other's RTP port, no longer to the server. */
    static void awaitFacing(Call user, Call target) {
        Await.until(T, "both phones to point at each other", () -> {
            int userPort = user.rtp().port();
            int targetPort = target.rtp().port();
            return user.rtp().remote().map(InetSocketAddress::getPort).orElse(-1) == targetPort
                    && target.rtp().remote().map(InetSocketAddress::getPort).orElse(-1) == userPort;
        }, () -> user + "\n" + target);
        assertFalse(user.rtp().remote().isEmpty());
    }

    static boolean anyFrom(List<RtpPacket> packets, int port) {
        return packets.stream().anyMatch(p -> p.source().getPort() == port);
    }
}
