package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.RunningJar;
import org.deskline.testkit.baresip.Baresip;
import org.deskline.testkit.net.Ports;
import org.deskline.testkit.rtp.Wav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hot desking end to end: the packaged server and two baresip softphones. A registered phone with
 * nobody logged in dials {@code *35}, keys extension and PIN as RFC 4733 DTMF, and records what it
 * hears; the server confirms the login in speech and hangs up; then a second phone's call to that
 * extension rings the phone.
 */
class HotdeskJarIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static RunningJar jar;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        int rtp = Ports.freeRange(42);
        rtp += rtp % 2;
        jar = RunningJar.start("--rtp-ports", rtp + "-" + (rtp + 39));
        admin = jar.admin();
    }

    @AfterAll
    static void stop() {
        if (jar != null) {
            jar.close();
        }
    }

    private static long post(String path, String body) throws Exception {
        ApiClient.Reply r = admin.post(path, body);
        assertEquals(201, r.status(), r.toString());
        return r.json().get("id").asLong();
    }

    @Test
    void aPhoneWithNobodyLogsInWithStarThirtyFiveHearsItConfirmedAndThenRingsForTheExtension() throws Exception {
        Baresip.assumeAvailable();
        long hotdesker = post("/api/v1/users", json("extension", "3301", "name", "Hot Desker",
                "hotdesk", Map.of("allowed", true)));
        assertEquals(201, admin.post("/api/v1/users/" + hotdesker + "/hotdesk-pin", json("pin", "2580")).status());
        long desk = post("/api/v1/devices", json("name", "Hot desk 1", "sipUsername", "barehot1",
                "sipPassword", "pw-barehot1", "hotdeskEnabled", true));
        long colleague = post("/api/v1/users", json("extension", "3302", "name", "Colleague"));
        post("/api/v1/devices", json("name", "Colleague's phone", "sipUsername", "barecol1", "sipPassword", "pw-barecol1",
                "assignedUserId", colleague));

        try (Baresip hot = Baresip.start(Baresip.options("barehot1").registrar(jar.sipAddress(), "pw-barehot1")
                .tone(600, 4000).lifetime(Duration.ofSeconds(40)));
             Baresip other = Baresip.start(Baresip.options("barecol1").registrar(jar.sipAddress(), "pw-barecol1")
                     .lifetime(Duration.ofSeconds(40)))) {
            hot.awaitRegistered(T);
            other.awaitRegistered(T);

            hot.dial("sip:*35@" + jar.sipAddress());
            hot.awaitEvent("CALL_ESTABLISHED", T);
            hot.awaitEvent("CALL_RTPESTAB", T);
            hot.sendDtmf("3301#2580#");
            hot.awaitEvent("CALL_CLOSED", Duration.ofSeconds(20));

            JsonNode device = admin.get("/api/v1/devices/" + desk).json();
            assertEquals(hotdesker, device.get("loggedInUserId").asLong(), device.toString());
            ApiClient.Reply history = admin.get("/api/v1/users/" + hotdesker + "/hotdesk-history");
            assertEquals(200, history.status(), history.toString());
            JsonNode login = history.json().get(0);
            assertEquals("login", login.get("action").asText(), history.toString());
            assertEquals("feature_code", login.get("method").asText(), history.toString());
            assertEquals(desk, login.get("deviceId").asLong(), history.toString());

            Wav.Audio heard = hot.lastRecording();
            assertTrue(heard.seconds() > 4, "the confirmation lasts about 5 s: " + heard);
            assertTrue(heard.rmsAfter(100) > 1000, "the recording holds speech, not silence: " + heard);
            double speech = loudFrames(heard);
            assertTrue(speech > 0.3, "speech in " + Math.round(speech * 100) + " % of the recording: " + heard);

            other.dial("sip:3301@" + jar.sipAddress());
            hot.awaitEvent("CALL_ESTABLISHED", T);
            other.awaitEvent("CALL_ESTABLISHED", T);
            other.hangup();
            hot.awaitEvent("CALL_CLOSED", T);
        }
    }

    /** The share of 20 ms frames louder than -36 dBFS. */
    private static double loudFrames(Wav.Audio audio) {
        short[] s = audio.samples();
        int frame = audio.sampleRate() / 50 * audio.channels();
        int frames = 0;
        int loud = 0;
        for (int at = 0; at + frame <= s.length; at += frame) {
            double sum = 0;
            for (int i = at; i < at + frame; i++) {
                sum += (double) s[i] * s[i];
            }
            frames++;
            if (Math.sqrt(sum / frame) > 500) {
                loud++;
            }
        }
        return frames == 0 ? 0 : (double) loud / frames;
    }
}
