package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.RunningJar;
import org.deskline.testkit.Await;
import org.deskline.testkit.baresip.Baresip;
import org.deskline.testkit.rtp.Wav;
import org.deskline.testkit.sipp.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server against real SIP software: SIPp registers a hundred phones with digest from a CSV
 * file and places calls between phones (the scenarios in {@code sipp/}), and two baresip softphones
 * register and call each other with audio flowing end to end. Phones are provisioned through the admin
 * API first, as an administrator would.
 */
class SipJarIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static RunningJar jar;
    private static ApiClient admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start();
        admin = jar.admin();
    }

    @AfterAll
    static void stop() {
        if (jar != null) {
            jar.close();
        }
    }

    private static Path scenario(String name) {
        return Path.of(System.getProperty("deskline.sipp", "../sipp")).resolve(name);
    }

    private static long user(String extension, String name) throws Exception {
        ApiClient.Reply r = admin.post("/api/v1/users", json("extension", extension, "name", name));
        assertEquals(201, r.status(), r.toString());
        return r.json().get("id").asLong();
    }

    private static long device(String sipUsername, Long owner) throws Exception {
        ApiClient.Reply r = admin.post("/api/v1/devices", owner == null
                ? json("name", "Phone " + sipUsername, "sipUsername", sipUsername, "sipPassword", "pw-" + sipUsername)
                : json("name", "Phone " + sipUsername, "sipUsername", sipUsername, "sipPassword", "pw-" + sipUsername,
                        "assignedUserId", owner));
        assertEquals(201, r.status(), r.toString());
        return r.json().get("id").asLong();
    }

    /** An injection file: field0 user, field1 credentials, then the extra fields given. */
    private Path csv(String name, List<String> users, Map<String, String> extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
        for (String u : users) {
            lines.add(u + ";[authentication username=" + u + " password=pw-" + u + "]"
                    + (extra.containsKey(u) ? ";" + extra.get(u) : ""));
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void aHundredPhonesRegisterWithDigestFromACsvFile() throws Exception {
        List<String> phones = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            String u = String.format("sippreg%03d", i);
            device(u, null);
            phones.add(u);
        }
        Sipp.scenario(scenario("register.xml")).remote(jar.sipAddress()).inf(csv("phones.csv", phones, Map.of()))
                .calls(100).rate(100).traceMessages(false).timeout(Duration.ofSeconds(30)).run()
                .assertSuccessful(100);

        JsonNode devices = admin.get("/api/v1/devices").json();
        long registered = 0;
        for (JsonNode d : devices) {
            if (d.get("sipUsername").asText().startsWith("sippreg") && d.get("registered").asBoolean()) {
                registered++;
            }
        }
        assertEquals(100, registered);
    }

    @Test
    void sippPhonesCallAnExtensionThroughTheServer() throws Exception {
        long callee = user("3100", "SIPp Callee");
        device("sippcallee", callee);
        List<String> callers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String u = String.format("sippcall%02d", i);
            device(u, user(String.valueOf(3000 + i), "SIPp Caller " + i));
            callers.add(u);
        }
        try (Sipp uas = Sipp.scenario(scenario("uas_call.xml")).calls(20).traceMessages(false)
                .timeout(Duration.ofSeconds(60)).start()) {
            Sipp.scenario(scenario("register_contact.xml")).remote(jar.sipAddress())
                    .inf(csv("callee.csv", List.of("sippcallee"), Map.of("sippcallee", "sip:3100@" + uas.address())))
                    .calls(1).run().assertSuccessful(1);

            Sipp.scenario(scenario("uac_call_auth.xml")).remote(jar.sipAddress()).service("3100")
                    .inf(csv("callers.csv", callers, Map.of())).calls(20).rate(10).args("-d", "200")
                    .traceMessages(false).timeout(Duration.ofSeconds(30)).run().assertSuccessful(20);
            uas.awaitResult(T).assertSuccessful(20);
        }
    }

    @Test
    void aBaresipPhoneCallsAnotherThroughTheServerAndAudioFlows() throws Exception {
        Baresip.assumeAvailable();
        device("bare3201", user("3201", "Baresip Caller"));
        device("bare3202", user("3202", "Baresip Callee"));
        try (Baresip caller = Baresip.start(Baresip.options("bare3201").registrar(jar.sipAddress(), "pw-bare3201")
                .tone(500, 8000).lifetime(Duration.ofSeconds(40)));
             Baresip callee = Baresip.start(Baresip.options("bare3202").registrar(jar.sipAddress(), "pw-bare3202")
                     .tone(900, 8000).lifetime(Duration.ofSeconds(40)))) {
            caller.awaitRegistered(T);
            callee.awaitRegistered(T);

            caller.dial("sip:3202@" + jar.sipAddress());
            callee.awaitEvent("CALL_ESTABLISHED", T);
            caller.awaitEvent("CALL_ESTABLISHED", T);
            callee.awaitEvent("CALL_RTPESTAB", T);
            long audioFrom = System.nanoTime();
            Await.until(Duration.ofSeconds(5), "a second of audio", () -> System.nanoTime() - audioFrom > 1_000_000_000L);
            caller.hangup();
            callee.awaitEvent("CALL_CLOSED", T);

            Wav.Audio heard = callee.lastRecording();
            assertTrue(heard.seconds() > 0.5, heard.toString());
            assertTrue(heard.rmsAfter(100) > 1000, "the callee's recording is not silent: " + heard);
        }
    }
}
