package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.RunningJar;
import org.deskline.testkit.net.Ports;
import org.deskline.testkit.sipp.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server with SIPp as the trunk on both sides: calls from outside (a SIPp UAC the server
 * knows by its address) to users in telecommuter mode are redirected back out through the trunk (a SIPp
 * UAS that checks Diversion, History-Info and the caller's number), and a telecommuter number carries one
 * call: a second concurrent one gets 486. Users are provisioned by the administrator and switch to
 * telecommuter mode in the portal API, as people would.
 */
class TelecommuterJarIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static RunningJar jar;
    private static ApiClient admin;
    private static int trunkPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Sipp.assumeAvailable();
        trunkPort = Ports.freePort();
        jar = RunningJar.start("--trunk", "sip:127.0.0.1:" + trunkPort, "--trunk-sources", "127.0.0.1");
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

    /** A user in telecommuter mode, switched by themselves in the portal API. */
    private static void telecommuter(String extension, String outbound, String remote) throws Exception {
        ApiClient.Reply r = admin.post("/api/v1/users", json("extension", extension, "name", "Remote " + extension,
                "outboundNumber", outbound, "portalPassword", "pw-" + extension + "-secret",
                "telecommuter", Map.of("allowed", true, "number", remote)));
        assertEquals(201, r.status(), r.toString());
        ApiClient user = jar.api();
        user.signIn(extension, "pw-" + extension + "-secret");
        ApiClient.Reply mode = user.put("/api/v1/users/me/mode", json("mode", "telecommuter"));
        assertEquals(200, mode.status(), mode.toString());
        assertEquals("telecommuter", mode.json().get("mode").asText());
    }

    private Path csv(String name, List<String> lines) throws Exception {
        List<String> all = new ArrayList<>(List.of("SEQUENTIAL"));
        all.addAll(lines);
        return Files.write(dir.resolve(name), all);
    }

    private static Sipp trunk(int calls) {
        return Sipp.scenario(scenario("uas_trunk_redirected.xml")).port(trunkPort).calls(calls).traceMessages(false)
                .timeout(Duration.ofSeconds(60)).start();
    }

    @Test
    void callsFromOutsideToTelecommutersAreRedirectedBackThroughTheTrunk() throws Exception {
        List<String> calls = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String ext = String.valueOf(5100 + i);
            telecommuter(ext, String.format("+312055510%02d", i), String.format("+316555510%02d", i));
            calls.add(String.format("+312055510%02d;+3161234%04d", i, i));
        }
        try (Sipp uas = trunk(20)) {
            Sipp.scenario(scenario("uac_trunk_call.xml")).remote(jar.sipAddress()).inf(csv("calls.csv", calls))
                    .calls(20).rate(10).args("-d", "200").traceMessages(false).timeout(Duration.ofSeconds(30)).run()
                    .assertSuccessful(20);
            uas.awaitResult(T).assertSuccessful(20);
        }
    }

    @Test
    void aTelecommuterNumberCarriesOneCallAndASecondIsBusy() throws Exception {
        telecommuter("5201", "+31205552001", "+31655552001");
        Path call = csv("one.csv", List.of("5201;+31612340001"));
        Path second = csv("two.csv", List.of("5201;+31612340002"));
        try (Sipp uas = trunk(1);
                Sipp first = Sipp.scenario(scenario("uac_trunk_call.xml")).remote(jar.sipAddress()).inf(call)
                        .calls(1).args("-d", "4000").traceMessages(false).timeout(Duration.ofSeconds(30)).start()) {
            uas.awaitCounter("IncomingCall(C)", 1, T);
            Sipp.scenario(scenario("uac_trunk_busy.xml")).remote(jar.sipAddress()).inf(second).calls(1)
                    .traceMessages(false).timeout(Duration.ofSeconds(15)).run().assertSuccessful(1);
            first.awaitResult(Duration.ofSeconds(20)).assertSuccessful(1);
            uas.awaitResult(T).assertSuccessful(1);
        }
    }
}
