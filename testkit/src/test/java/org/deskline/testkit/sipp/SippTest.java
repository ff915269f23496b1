package org.deskline.testkit.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SippTest {
    private static final Duration T = Duration.ofSeconds(10);

    @BeforeAll
    static void needsSipp() {
        Sipp.assumeAvailable();
    }

    @Test
    void builtInUacAndUasCompleteFiveCalls() {
        try (Sipp uas = Sipp.uas().calls(5).timeout(Duration.ofSeconds(15)).start()) {
            SippResult uac = Sipp.uac(uas.address()).calls(5).rate(50).timeout(Duration.ofSeconds(15)).run();
            uac.assertSuccessful(5);
            assertEquals(5, uac.totalCreated());
            assertTrue(uac.messagesTail().contains("INVITE sip:"), "message trace is kept");
            // the built-in uas lingers 4 s after each BYE (for retransmissions): check its live counters instead
            SippResult server = uas.awaitCounter("IncomingCall(C)", 5, T);
            assertEquals(0, server.failed(), server.describe());
        }
    }

    @Test
    void failedCallsAreCountedAndExplained(@TempDir Path dir) {
        try (SipPhone busy = SipPhone.start(SipPhone.options("busy").answerPolicy(AnswerPolicy.reject(486)))) {
            SippResult uac = Sipp.uac(busy.address()).calls(2).rate(20).timeout(Duration.ofSeconds(10))
                    .workDir(dir).run();
            assertEquals(1, uac.exitCode(), uac.describe());
            assertEquals(0, uac.successful());
            assertEquals(2, uac.failed());
            assertFalse(uac.passed());
            assertTrue(uac.describe().contains("486"), uac.describe());
        }
    }
}
