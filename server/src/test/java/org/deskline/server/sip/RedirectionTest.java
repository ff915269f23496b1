package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.sip.Telecommuting.awaitClean;
import static org.deskline.server.sip.Telecommuting.click;
import static org.deskline.server.sip.Telecommuting.events;
import static org.deskline.server.sip.Telecommuting.next;
import static org.deskline.server.sip.Telecommuting.numberFor;
import static org.deskline.server.sip.Telecommuting.outboundFor;
import static org.deskline.server.sip.Telecommuting.telecommuter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.testkit.Await;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.CallOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound redirection to telecommuter numbers through the fake trunk, and the single line: one call per
 * number in both directions (redirected calls, click-to-call legs, calls from and to the number through
 * the trunk), one more with call waiting; a full line is voicemail (reason user-busy) or busy.
 */
class RedirectionTest {
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withTelecommuter(t -> t.withMinAnswer(Duration.ofMillis(300))));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void trunkAnswers() {
        h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(Duration.ofMillis(100)));
    }

    @Test
    void aCallFromOutsideGoesToTheNumberCarryingTheCalledExtensionAndTheCallersNumber() {
        String ext = SipHarness.nextExtension();
        User tele = telecommuter(h, ext);
        Call out = h.trunk.call(h.uri(outboundFor(ext)),
                CallOptions.defaults().from("\"Carol Outside\" <sip:+31612000111@carrier.example>"));
        Call atRemote = next(h.trunk, numberFor(ext));
        out.awaitConfirmed();
        assertTrue(atRemote.from().contains("<sip:+31612000111@"), "the caller's number: " + atRemote.from());
        assertTrue(atRemote.header("P-Asserted-Identity").orElseThrow().contains("+31612000111"));
        String diversion = atRemote.header("Diversion").orElseThrow();
        assertTrue(diversion.contains("<sip:" + ext + "@") && diversion.contains("reason=unconditional"), diversion);
        String history = String.join(",", atRemote.headers("History-Info"));
        assertTrue(history.contains("<sip:" + ext + "@") && history.contains("index=1.1")
                && history.contains("sip:" + numberFor(ext) + "@"), history);
        assertEquals(out.localSdp().orElseThrow().text(), atRemote.remoteSdp().orElseThrow().text(), "SDP end to end");

        CallEvent created = Await.value(T, "call_created", () -> h.events.stream()
                .filter(e -> e instanceof CallEvent c && c.call().userId().equals(tele.id())).map(e -> (CallEvent) e)
                .findFirst(), h.events::toString);
        assertEquals("call_created", created.name());
        assertEquals(numberFor(ext), created.call().redirectedTo(), "the redirect target is known from the start");
        assertEquals(CallDirection.INBOUND, created.call().direction());
        assertEquals("+31612000111", created.call().peerNumber());
        out.hangup();
        atRemote.awaitTerminated();
        CallLog.Entry e = h.callLog(tele.id(), 1).get(0);
        assertEquals(numberFor(ext), e.call().redirectedTo());
        assertEquals(outboundFor(ext), e.call().dialedNumber());
        assertEquals(List.of("call_created", "call_ringing", "call_answered", "call_ended"),
                events(h, tele.id(), created.call().callId()).stream().map(CallEvent::name).toList());
        awaitClean(h);
    }

    @Test
    void aColleaguesCallPresentsTheColleaguesOutboundNumber() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext);
        Desk alice = h.desk(SipHarness.nextExtension(), f -> f.outboundNumber = Patch.of("+31201119999"));
        Call out = alice.phone().call(h.uri(ext));
        Call atRemote = next(h.trunk, numberFor(ext));
        out.awaitConfirmed();
        assertTrue(atRemote.from().contains("<sip:+31201119999@"), atRemote.from());
        out.hangup();
        atRemote.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void noAnswerWithinTheRingTimeoutGoesToVoicemailWithReasonNoAnswer() {
        String ext = SipHarness.nextExtension();
        User tele = telecommuter(h, ext, f -> f.voicemailEnabled = Patch.of(true));
        h.trunk.answerPolicy(AnswerPolicy.neverAnswer());
        Desk alice = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(ext));
        Call atRemote = next(h.trunk, numberFor(ext));
        Call atVm = h.voicemail.awaitIncomingCall(Duration.ofSeconds(6));
        atRemote.assertEnded(org.deskline.testkit.sip.EndReason.CANCELLED_BY_REMOTE);
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=no-answer"), atVm.header("Diversion").toString());
        out.awaitConfirmed();
        out.hangup();
        atVm.awaitTerminated();
        assertEquals(EndReason.VOICEMAIL, h.callLog(tele.id(), 1).get(0).call().endReason());
        awaitClean(h);
    }

    @Test
    void noAnswerWithoutVoicemailIsBusyForTheCaller() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.neverAnswer());
        Desk alice = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(ext));
        next(h.trunk, numberFor(ext));
        assertEquals(486, out.awaitFinal(Duration.ofSeconds(6)).getStatusCode());
        awaitClean(h);
    }

    @Test
    void aBusyNumberGoesToVoicemailWithReasonUserBusyElseTheCallerHearsBusy() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext, f -> f.voicemailEnabled = Patch.of(true));
        String ext2 = SipHarness.nextExtension();
        telecommuter(h, ext2);
        h.trunk.answerPolicy(AnswerPolicy.reject(486));
        Desk alice = h.desk(SipHarness.nextExtension());

        Call toVm = alice.phone().call(h.uri(ext));
        next(h.trunk, numberFor(ext));
        Call atVm = h.voicemail.awaitIncomingCall(T);
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=user-busy"));
        toVm.awaitConfirmed();
        toVm.hangup();
        atVm.awaitTerminated();

        Call busy = alice.phone().call(h.uri(ext2));
        next(h.trunk, numberFor(ext2));
        assertEquals(486, busy.awaitFinal(T).getStatusCode());
        awaitClean(h);
    }

    @Test
    void theNumberCarriesOneCallASecondIsBusyOrGoesToVoicemail() {
        String ext = SipHarness.nextExtension();
        User tele = telecommuter(h, ext);
        String extVm = SipHarness.nextExtension();
        telecommuter(h, extVm, f -> f.voicemailEnabled = Patch.of(true));
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());

        Call first = alice.phone().call(h.uri(ext));
        Call atRemote = next(h.trunk, numberFor(ext));
        first.awaitConfirmed();
        assertEquals(1, h.server.deskline().sip().lines().callsOn(numberFor(ext)));
        Call second = bob.phone().call(h.uri(ext));
        assertEquals(486, second.awaitFinal(T).getStatusCode());
        assertEquals(EndReason.BUSY, h.callLog(tele.id(), 1).get(0).call().endReason(), "a missed call for the user");

        Call firstVm = alice.phone().call(h.uri(extVm));
        Call atRemoteVm = next(h.trunk, numberFor(extVm));
        firstVm.awaitConfirmed();
        Call secondVm = bob.phone().call(h.uri(extVm));
        Call atVm = h.voicemail.awaitIncomingCall(T);
        assertTrue(atVm.header("Diversion").orElseThrow().contains("reason=user-busy"), atVm.header("Diversion").toString());
        secondVm.awaitConfirmed();
        secondVm.hangup();
        atVm.awaitTerminated();

        first.hangup();
        atRemote.awaitTerminated();
        firstVm.hangup();
        atRemoteVm.awaitTerminated();
        Await.until(T, "the line free again", () -> h.server.deskline().sip().lines().callsOn(numberFor(ext)) == 0);
        Call again = bob.phone().call(h.uri(ext));
        Call atRemoteAgain = next(h.trunk, numberFor(ext));
        again.awaitConfirmed();
        again.hangup();
        atRemoteAgain.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void withCallWaitingExactlyOneMoreCallIsOfferedAndAThirdIsBusy() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext, f -> f.callWaiting = Patch.of(true));
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Desk carol = h.desk(SipHarness.nextExtension());

        Call first = alice.phone().call(h.uri(ext));
        Call atRemote1 = next(h.trunk, numberFor(ext));
        first.awaitConfirmed();
        Call second = bob.phone().call(h.uri(ext));
        Call atRemote2 = next(h.trunk, numberFor(ext));
        second.awaitConfirmed();
        assertEquals(2, h.server.deskline().sip().lines().callsOn(numberFor(ext)));
        Call third = carol.phone().call(h.uri(ext));
        assertEquals(486, third.awaitFinal(T).getStatusCode());

        first.hangup();
        second.hangup();
        atRemote1.awaitTerminated();
        atRemote2.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void aClickToCallInProgressHoldsTheLine() {
        String ext = SipHarness.nextExtension();
        User tele = telecommuter(h, ext);
        h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(Duration.ofMillis(500)));
        CallView v = click(h, tele.id(), "0612340001");
        Call atUser = next(h.trunk, numberFor(ext));
        Call atTarget = next(h.trunk, "0612340001");
        atTarget.awaitConfirmed();
        Desk alice = h.desk(SipHarness.nextExtension());
        Call in = alice.phone().call(h.uri(ext));
        assertEquals(486, in.awaitFinal(T).getStatusCode(), "the callback uses the single line");
        DomainException again = assertThrows(DomainException.class, () -> click(h, tele.id(), "0612340002"));
        assertEquals(409, again.status());
        assertEquals("line-busy", again.errorId());
        atUser.hangup();
        atTarget.awaitTerminated();
        Await.until(T, "the callback over", () -> h.server.deskline().calls().find(tele.id(), v.callId()).isEmpty());
        awaitClean(h);
    }

    @Test
    void aCallFromTheTelecommutersPhoneIntoTheOfficeHoldsTheLineWhicheverWayTheNumberIsWritten() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext);
        Desk alice = h.desk(SipHarness.nextExtension());
        String national = "0" + numberFor(ext).substring(3);
        Call fromHome = h.trunk.call(h.uri(alice.extension()),
                CallOptions.defaults().from("<sip:" + national + "@carrier.example>"));
        Call atAlice = alice.phone().awaitIncomingCall(T);
        fromHome.awaitConfirmed();
        assertEquals(1, h.server.deskline().sip().lines().callsOn(numberFor(ext)));

        Desk bob = h.desk(SipHarness.nextExtension());
        Call toTele = bob.phone().call(h.uri(ext));
        assertEquals(486, toTele.awaitFinal(T).getStatusCode());
        atAlice.hangup();
        fromHome.awaitTerminated();
        awaitClean(h);
    }

    @Test
    void aCallFromTheOfficeToTheTelecommuterNumberHoldsTheLineAndASecondIsBusy() {
        String ext = SipHarness.nextExtension();
        telecommuter(h, ext);
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        String national = "0" + numberFor(ext).substring(3);
        Call direct = alice.phone().call(h.uri(national));
        Call atRemote = next(h.trunk, national);
        direct.awaitConfirmed();
        Call redirected = bob.phone().call(h.uri(ext));
        assertEquals(486, redirected.awaitFinal(T).getStatusCode());
        Call directToo = bob.phone().call(h.uri(numberFor(ext)));
        assertEquals(486, directToo.awaitFinal(T).getStatusCode());
        direct.hangup();
        atRemote.awaitTerminated();
        awaitClean(h);
    }
}
