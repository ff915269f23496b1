package org.deskline.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deskline.server.DesklineConfig;
import org.deskline.server.testing.TestServer;
import org.deskline.testkit.Await;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.SipPhone;

/**
 * The SIP side of the browser tests, real traffic on loopback: a fake PSTN gateway (one testkit
 * {@link SipPhone} the server uses as its trunk: it answers as any outside or telecommuter number and calls
 * in from outside) and phones registered with digest as the devices the tests create through the API.
 *
 * <p>Every agent answers by hand ({@link AnswerPolicy#manual()}): a test rings, answers or hangs up once
 * the page has shown the state before, so each state the user sees is there for as long as the test
 * looks at it, whatever the machine's speed.
 */
final class SipAgents implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(5);
    /** The mailbox guard: a callback to a telecommuter number answered sooner is released (2 s by default). */
    static final Duration MIN_ANSWER = Duration.ofMillis(300);
    /** How long a phone rings before the call counts as not answered; no test waits for it but the screenshots. */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(10);
    /** The SIP password {@link BrowserTestBase#createDevice} gives every device. */
    static final String DEVICE_PASSWORD = "sip-secret-1";

    final SipPhone trunk;
    private final List<SipPhone> phones = new CopyOnWriteArrayList<>();
    private TestServer server;

    private SipAgents(SipPhone trunk) {
        this.trunk = trunk;
    }

    static SipAgents start() {
        return new SipAgents(SipPhone.start(SipPhone.options("gateway").answerPolicy(AnswerPolicy.manual())));
    }

    /** The server's configuration with this trunk (its address is also the trunk source), ring timeout and guard. */
    DesklineConfig wire(DesklineConfig c) {
        return c.withTrunk("sip:127.0.0.1:" + trunk.port())
                .withSip(s -> s.withRingTimeout(RING_TIMEOUT))
                .withTelecommuter(t -> t.withMinAnswer(MIN_ANSWER));
    }

    void serve(TestServer server) {
        this.server = server;
    }

    /** {@code sip:<number>@127.0.0.1:port}: what a phone or the trunk dials. */
    String uri(String number) {
        return "sip:" + number + "@127.0.0.1:" + server.config().sipPort();
    }

    /** A phone registered as the device {@code sipUsername}; it rings and answers only when told to. */
    SipPhone phone(String sipUsername) {
        SipPhone p = SipPhone.start(SipPhone.options(sipUsername).credentials(sipUsername, DEVICE_PASSWORD)
                .answerPolicy(AnswerPolicy.manual()));
        phones.add(p);
        int status = p.register("127.0.0.1:" + server.config().sipPort(), sipUsername, DEVICE_PASSWORD, 300).status();
        assertEquals(200, status, p.describe());
        return p;
    }

    /** The next call reaching {@code phone}; it must be for {@code number} (the trunk's calls name it). */
    static Call incoming(SipPhone phone, String number) {
        Call c = phone.awaitIncomingCall(T);
        assertTrue(c.requestUri().startsWith("sip:" + number + "@"), "expected a call for " + number + ": " + c);
        return c;
    }

    /**
     * Answers a callback to a telecommuter number as its owner would: not before the mailbox guard's time
     * has passed since {@code invitedAt} ({@link System#nanoTime()} taken once the INVITE had arrived).
     */
    static void answerAfterTheGuard(Call call, long invitedAt) {
        Await.until(T, "the mailbox guard's " + MIN_ANSWER.toMillis() + " ms to pass",
                () -> System.nanoTime() - invitedAt >= MIN_ANSWER.toNanos());
        call.answer();
    }

    /** Waits until no call or leg is left in the engine. */
    void awaitNoCalls() {
        Await.until(T, "no call left in the engine", () -> server.deskline().sip().calls().size() == 0,
                () -> "calls: " + server.deskline().sip().calls().all());
    }

    @Override
    public void close() {
        phones.forEach(SipPhone::close);
        trunk.close();
    }
}
