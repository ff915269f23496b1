package org.deskline.testkit.baresip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.sip.message.Request;
import org.deskline.testkit.rtp.Audio;
import org.deskline.testkit.rtp.Wav;
import org.deskline.testkit.sip.Call;
import org.deskline.testkit.sip.Digest;
import org.deskline.testkit.sip.DigestChallenger;
import org.deskline.testkit.sip.SipPhone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real softphone against the in-JVM peers. */
class BaresipTest {
    private static final Duration T = Duration.ofSeconds(5);

    @BeforeAll
    static void needsBaresip() {
        Baresip.assumeAvailable();
    }

    @Test
    void answersASipPhoneAndAudioAndDtmfFlowBothWays() {
        try (Baresip baresip = Baresip.start(Baresip.options("101").tone(600, 8000).lifetime(Duration.ofSeconds(30)));
             SipPhone phone = SipPhone.start(SipPhone.options("alice").tone(440))) {
            Call call = phone.call(baresip.uri());
            assertEquals(200, call.awaitFinal(T).getStatusCode(), phone.describe());
            baresip.awaitEvent("CALL_ESTABLISHED", T);

            call.rtp().awaitAudioPackets(40, T);
            short[] heard = call.rtp().receivedAudio();
            assertTrue(Audio.rms(heard) > 3000, call.rtp().describe());
            assertTrue(Audio.toneShare(heard, 600) > 0.8, "the phone hears baresip's 600 Hz tone");

            baresip.sendDtmf("7#");
            call.rtp().awaitDigits("7#", T);
            call.rtp().sendDtmf("5");
            BaresipEvent dtmf = baresip.awaitEvent("CALL_DTMF_START", T);
            assertEquals("5", dtmf.param());

            assertEquals(200, call.hangup().getStatusCode());
            baresip.awaitEvent("CALL_CLOSED", T);
            Wav.Audio recording = baresip.lastRecording();
            assertTrue(recording.seconds() > 0.5, recording.toString());
            assertTrue(recording.rmsAfter(100) > 2000, "baresip recorded the phone's tone: " + recording);
        }
    }

    @Test
    void registersWithDigestAndDialsOut() {
        DigestChallenger challenger = new DigestChallenger("deskline.test", "102", "pw102",
                List.of(Digest.Algorithm.MD5));
        try (SipPhone registrar = SipPhone.start(SipPhone.options("registrar").requireAuth(challenger, false));
             Baresip baresip = Baresip.start(Baresip.options("102").registrar(registrar.address(), "pw102")
                     .lifetime(Duration.ofSeconds(30)))) {
            baresip.awaitRegistered(T);
            Request register = registrar.awaitRequest("REGISTER", T);
            assertTrue(register.getHeader("Authorization") == null, "first REGISTER is unauthenticated");
            assertTrue(registrar.awaitRequest("REGISTER", T).getHeader("Authorization") != null);

            baresip.dial("sip:200@" + registrar.address());
            Call in = registrar.awaitIncomingCall(T);
            in.awaitConfirmed();
            assertTrue(in.from().contains("sip:102@"), in.from());
            in.rtp().awaitAudioPackets(25, T);
            in.hangup();
            baresip.awaitEvent("CALL_CLOSED", T);
        }
    }
}
