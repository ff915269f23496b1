package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.sip.Telecommuting.awaitClean;
import static org.deskline.server.sip.Telecommuting.awaitEnded;
import static org.deskline.server.sip.Telecommuting.click;
import static org.deskline.server.sip.Telecommuting.next;
import static org.deskline.server.sip.Telecommuting.numberFor;
import static org.deskline.server.sip.Telecommuting.telecommuter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.User;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-call-length}: an answered call that outlasts it is hung up by the server on both sides (a
 * lost BYE cannot hold a call, or a telecommuter's single line, for ever). Here the limit is 1.5 s.
 */
class CallTimeLimitTest {
    private static final Duration LIMIT = Duration.ofMillis(1500);
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withSip(s -> s.withMaxCallLength(LIMIT))
                .withTelecommuter(t -> t.withMinAnswer(Duration.ofMillis(200))));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aCallBetweenPhonesIsHungUpOnBothSidesAtTheLimit() {
        Desk alice = h.desk(SipHarness.nextExtension());
        Desk bob = h.desk(SipHarness.nextExtension());
        Call out = alice.phone().call(h.uri(bob.extension()));
        Call in = bob.phone().awaitIncomingCall(T);
        out.awaitConfirmed();
        in.awaitConfirmed();
        long answered = System.nanoTime();

        out.awaitTerminated();
        in.awaitTerminated();
        long lasted = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        assertTrue(lasted >= LIMIT.toMillis() - 100, "hung up after " + lasted + " ms, before the limit");
        out.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        in.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.TIME_LIMIT, h.callLog(alice.user().id(), 1).get(0).call().endReason());
        assertEquals(EndReason.TIME_LIMIT, h.callLog(bob.user().id(), 1).get(0).call().endReason());
        h.awaitNoCalls();
    }

    @Test
    void aBridgedClickToCallIsHungUpOnBothLegsAndFreesTheLine() {
        h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(Duration.ofMillis(400)));
        String ext = SipHarness.nextExtension();
        User u = telecommuter(h, ext);
        CallView v = click(h, u.id(), "0612345100");
        Call atUser = next(h.trunk, numberFor(ext));
        Call atTarget = next(h.trunk, "0612345100");
        atTarget.awaitConfirmed();

        atUser.awaitTerminated();
        atTarget.awaitTerminated();
        atUser.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        atTarget.assertEnded(org.deskline.testkit.sip.EndReason.HANGUP_REMOTE);
        assertEquals(EndReason.TIME_LIMIT, awaitEnded(h, u.id(), v.callId()));
        awaitClean(h);
    }
}
