package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallState;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.UserId;
import org.deskline.server.testing.EventClient;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.server.testing.RawEventSocket;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/events} with the Tyrus client against the running server: who receives what, the
 * handshake's authentication, and that a client that stopped reading delays nobody.
 */
class EventsWebSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static TestServer server;
    private static PortalUsers users;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        users = new PortalUsers(server);
        port = server.deskline().httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bothClientsOfAUserGetAPresenceChangeMadeOverRestAndNobodyElseDoes() throws Exception {
        SignedIn alice = users.create("2101", "Alice Events");
        SignedIn aliceOnMobile = users.signIn(alice.id(), alice.extension());
        SignedIn bob = users.create("2102", "Bob Events");
        try (EventClient browser = EventClient.connectWithToken(port, alice.token());
                EventClient mobile = EventClient.connectWithToken(port, aliceOnMobile.token());
                EventClient bobs = EventClient.connectWithToken(port, bob.token())) {
            assertEquals(200, alice.api().put("/api/v1/users/me/presence",
                    json("state", "busy", "message", "Writing <specs>")).status());

            for (EventClient client : List.of(browser, mobile)) {
                JsonNode data = client.next("presence_changed", WAIT).get("data");
                assertEquals(alice.id(), data.get("userId").asLong());
                assertEquals("2101", data.get("extension").asText());
                assertEquals("Alice Events", data.get("name").asText());
                assertEquals("busy", data.get("state").asText());
                assertEquals("Writing <specs>", data.get("message").asText());
                assertFalse(data.get("onCall").asBoolean());
                assertEquals("busy", data.get("effective").asText());
                assertTrue(data.get("at").asText().endsWith("Z"));
            }
            bobs.assertNothingWithin(QUIET);
        }
    }

    @Test
    void colleaguesWatchingTheDirectoryGetPresenceAndNothingElse() throws Exception {
        SignedIn alice = users.create("2201", "Alice Watched");
        SignedIn bob = users.create("2202", "Bob Watcher");
        SignedIn carol = users.create("2203", "Carol Later");
        try (EventClient bobsDirectory = EventClient.connect(port, "token=" + bob.token() + "&directory=true");
                EventClient carols = EventClient.connectWithToken(port, carol.token())) {
            assertEquals(bob.id(), bobsDirectory.ready().get("userId").asLong());
            assertTrue(bobsDirectory.ready().get("directory").asBoolean());
            alice.api().put("/api/v1/users/me/presence", json("state", "away"));
            JsonNode seen = bobsDirectory.next("presence_changed", WAIT).get("data");
            assertEquals(alice.id(), seen.get("userId").asLong());
            assertEquals("away", seen.get("state").asText());

            TrackedCall call = server.deskline().calls().open(CallId.random(), new UserId(alice.id()),
                    CallDirection.INBOUND, CallRole.CALLEE, "+31209999999", null, "2201", () -> { });
            call.answered();
            JsonNode onCall = bobsDirectory.next("presence_changed", WAIT).get("data");
            assertEquals("on_call", onCall.get("effective").asText(), "the colleague sees her on a call");
            call.ended(EndReason.HANGUP_REMOTE);
            assertFalse(bobsDirectory.next("presence_changed", WAIT).get("data").get("onCall").asBoolean());
            assertEquals(List.of(), bobsDirectory.drain().stream().map(m -> m.get("event").asText())
                    .filter(e -> !e.equals("presence_changed")).toList(), "none of Alice's call events");

            carols.assertNothingWithin(QUIET);
            carols.send("{\"action\":\"subscribe\",\"topic\":\"directory\"}");
            assertEquals("directory", carols.next("subscribed", WAIT).get("data").get("topic").asText());
            alice.api().put("/api/v1/users/me/presence", json("state", "available"));
            assertEquals(alice.id(), carols.next("presence_changed", WAIT).get("data").get("userId").asLong());
            carols.send("{\"action\":\"unsubscribe\",\"topic\":\"directory\"}");
            carols.next("unsubscribed", WAIT);
            alice.api().put("/api/v1/users/me/presence", json("state", "dnd"));
            bobsDirectory.next("presence_changed", WAIT);
            carols.assertNothingWithin(QUIET);

            carols.send("hello?");
            assertEquals("invalid-message", carols.next("error", WAIT).get("data").get("errorId").asText());
        }
    }

    @Test
    void aClientMayFollowChosenColleaguesOnly() throws Exception {
        SignedIn alice = users.create("2801", "Alice Followed");
        SignedIn bob = users.create("2802", "Bob Followed Later");
        SignedIn ivy = users.create("2803", "Ivy Follower");
        try (EventClient ivys = EventClient.connect(port, "token=" + ivy.token() + "&presence=" + alice.id())) {
            assertEquals(alice.id(), ivys.ready().get("presence").get(0).asLong());
            assertFalse(ivys.ready().get("directory").asBoolean());
            bob.api().put("/api/v1/users/me/presence", json("state", "away"));
            alice.api().put("/api/v1/users/me/presence", json("state", "busy"));
            JsonNode first = ivys.next("presence_changed", WAIT).get("data");
            assertEquals(alice.id(), first.get("userId").asLong(), "Bob's change never came");

            ivys.send("{\"action\":\"subscribe\",\"topic\":\"presence\",\"users\":[" + bob.id() + "]}");
            JsonNode subscribed = ivys.next("subscribed", WAIT).get("data");
            assertEquals("presence", subscribed.get("topic").asText());
            assertEquals(bob.id(), subscribed.get("users").get(0).asLong());
            alice.api().put("/api/v1/users/me/presence", json("state", "dnd"));
            bob.api().put("/api/v1/users/me/presence", json("state", "busy"));
            assertEquals(bob.id(), ivys.next("presence_changed", WAIT).get("data").get("userId").asLong(),
                    "the new list replaced the old one");

            ivys.send("{\"action\":\"unsubscribe\",\"topic\":\"presence\"}");
            ivys.next("unsubscribed", WAIT);
            bob.api().put("/api/v1/users/me/presence", json("state", "available"));
            ivys.assertNothingWithin(QUIET);

            ivys.send("{\"action\":\"subscribe\",\"topic\":\"presence\",\"users\":\"all\"}");
            assertEquals("invalid-message", ivys.next("error", WAIT).get("data").get("errorId").asText());
        }
        assertEquals(4400, EventClient.connect(port, "token=" + ivy.token() + "&presence=alice")
                .awaitClose(WAIT).getCloseCode().getCode());
    }

    /**
     * The call events as the call tracker publishes them, step by step; the same with a real SIP call
     * redirected by the B2BUA is {@code sip.LiveCallEventsTest}.
     */
    @Test
    void aTrackedCallReachesTheUsersSocketFromCreatedToEndedAndNoOtherUser() throws Exception {
        SignedIn alice = users.create("2301", "Alice Remote", "telecommuter",
                Map.of("allowed", true, "number", "+31612300000"));
        SignedIn bob = users.create("2302", "Bob Bystander");
        try (EventClient alices = EventClient.connectWithToken(port, alice.token());
                EventClient bobs = EventClient.connect(port, "token=" + bob.token() + "&directory=true")) {
            TrackedCall call = server.deskline().calls().open(CallId.random(), new UserId(alice.id()),
                    CallDirection.INBOUND, CallRole.CALLEE, "+31201234567", "Caller Name", "2301", () -> { });
            call.redirected("+31612300000");
            call.ringing();
            call.answered();
            call.ended(EndReason.HANGUP_REMOTE);

            String id = call.view().callId().value();
            for (String event : List.of("call_created", "call_ringing", "call_answered", "call_ended")) {
                JsonNode data = alices.next(m -> m.path("event").asText().startsWith("call_"), WAIT, event)
                        .get("data");
                assertEquals(id, data.get("callId").asText(), event);
                assertEquals(event.substring(5).replace("created", "dialing"), data.get("state").asText(), event);
                assertEquals("+31201234567", data.get("peerNumber").asText(), "the caller's number in " + event);
                assertEquals("Caller Name", data.get("peerName").asText());
                assertEquals("inbound", data.get("direction").asText());
                if (!event.equals("call_created")) {
                    assertEquals("+31612300000", data.get("redirectedTo").asText(), event);
                }
            }
            server.deskline().portalServices().events().awaitDelivered(WAIT);
            Thread.sleep(QUIET.toMillis());
            List<String> bobSaw = bobs.drain().stream().map(m -> m.get("event").asText()).distinct().toList();
            assertEquals(List.of("presence_changed"), bobSaw, "Bob sees Alice on a call, nothing of the call");
        }
    }

    @Test
    void aModeSwitchIsSentAsModeChangedWithTheHotdeskLogout() throws Exception {
        SignedIn dave = users.create("2401", "Dave Desk", "telecommuter", Map.of("allowed", true, "number", "+31612400000"));
        long desk = users.admin().post("/api/v1/devices", json("name", "Desk 2401", "sipUsername", "desk2401",
                "sipPassword", "sip-secret-2401", "assignedUserId", dave.id())).json().get("id").asLong();
        try (EventClient daves = EventClient.connectWithToken(port, dave.token())) {
            assertEquals(200, dave.api().put("/api/v1/users/me/mode", json("mode", "telecommuter")).status());
            JsonNode logout = daves.next("hotdesk_logout", WAIT).get("data");
            assertEquals(desk, logout.get("deviceId").asLong());
            assertEquals("Desk 2401", logout.get("deviceName").asText());
            assertEquals("telecommuter", logout.get("reason").asText());
            assertEquals("portal", logout.get("method").asText());
            JsonNode mode = daves.next("mode_changed", WAIT).get("data");
            assertEquals("telecommuter", mode.get("mode").asText());
            assertEquals("+31612400000", mode.get("telecommuterNumber").asText());
            assertTrue(mode.get("deviceId").isNull());

            dave.api().put("/api/v1/users/me/mode", json("mode", "desk"));
            JsonNode login = daves.next("hotdesk_login", WAIT).get("data");
            assertEquals(desk, login.get("deviceId").asLong());
            JsonNode back = daves.next("mode_changed", WAIT).get("data");
            assertEquals("desk", back.get("mode").asText());
            assertEquals(desk, back.get("deviceId").asLong());
            assertEquals("Desk 2401", back.get("deviceName").asText());
        }
    }

    @Test
    void theHandshakeIsAuthenticated() throws Exception {
        SignedIn erin = users.create("2501", "Erin Cookie");
        assertEquals(4001, EventClient.connect(port, null).awaitClose(WAIT).getCloseCode().getCode(), "no token");
        assertEquals(4001, EventClient.connect(port, "token=forged").awaitClose(WAIT).getCloseCode().getCode());
        assertEquals(4003, EventClient.connectWithToken(port, users.admin().token()).awaitClose(WAIT)
                .getCloseCode().getCode(), "the administrator has no live events");

        String cookie = "deskline_session=" + erin.token();
        try (EventClient byCookie = EventClient.connect(port, null, Map.of("Cookie", cookie,
                "Origin", "http://127.0.0.1:" + port))) {
            erin.api().put("/api/v1/users/me/presence", json("state", "busy"));
            assertEquals("busy", byCookie.next("presence_changed", WAIT).get("data").get("state").asText());
        }
        EventClient foreignPage = EventClient.connect(port, null, Map.of("Cookie", cookie,
                "Origin", "https://evil.example"));
        assertEquals(4001, foreignPage.awaitClose(WAIT).getCloseCode().getCode(),
                "another site's page cannot ride on the cookie");

        try (EventClient first = EventClient.connectWithToken(port, erin.token())) {
            assertEquals(4001, EventClient.connect(port, null).awaitClose(WAIT).getCloseCode().getCode(),
                    "one handshake's token never serves another");
            assertTrue(first.isOpen());
        }
    }

    @Test
    void signingOutClosesTheSessionsConnectionsOnly() throws Exception {
        SignedIn fay = users.create("2601", "Fay Leaving");
        SignedIn fayElsewhere = users.signIn(fay.id(), fay.extension());
        try (EventClient leaving = EventClient.connectWithToken(port, fay.token());
                EventClient staying = EventClient.connectWithToken(port, fayElsewhere.token())) {
            assertEquals(204, fay.api().delete("/api/v1/sessions/current").status());
            CloseReason reason = leaving.awaitClose(WAIT);
            assertEquals(4001, reason.getCloseCode().getCode());
            assertEquals("invalid-token", fay.api().get("/api/v1/users/me").errorId());
            assertTrue(staying.isOpen());
            fayElsewhere.api().put("/api/v1/users/me/presence", json("state", "away"));
            staying.next("presence_changed", WAIT);
        }
    }

    /**
     * One client of Gus stops reading. Events for Gus keep coming (large call events, to fill the socket
     * buffers quickly), in bursts a live client absorbs: his other client gets every burst without delay,
     * and the stuck one is closed with 4008 once more events wait for it than its queue holds.
     */
    @Test
    void aClientThatStopsReadingIsClosedAndDelaysNobody() throws Exception {
        SignedIn gus = users.create("2701", "Gus Slow");
        SignedIn hal = users.create("2702", "Hal Fast");
        int bursts = 25;
        int burst = 200;
        String bigName = "x".repeat(4_000);
        var live = server.deskline().liveEvents();
        long tooSlowBefore = live.tooSlowCount();
        try (RawEventSocket stuck = RawEventSocket.connect(port, "token=" + gus.token());
                EventClient gusFast = EventClient.connectWithToken(port, users.signIn(gus.id(), "2701").token());
                EventClient hals = EventClient.connect(port, "token=" + hal.token() + "&directory=true")) {
            long slowest = 0;
            for (int b = 0; b < bursts; b++) {
                long started = System.nanoTime();
                for (int i = 0; i < burst; i++) {
                    CallView v = new CallView(new CallId("slow-" + b + "-" + i), new UserId(gus.id()),
                            CallDirection.INBOUND, CallRole.CALLEE, CallState.DIALING, "+3120" + i, bigName, "2701",
                            null, Instant.now(), null, null, null);
                    server.deskline().portalServices().events().publish(new CallEvent(CallEvent.Kind.CREATED, v,
                            Instant.now()));
                }
                String last = "slow-" + b + "-" + (burst - 1);
                gusFast.next(m -> m.path("data").path("callId").asText().equals(last), WAIT, last);
                slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            }
            assertTrue(slowest < 2_000, "the live client got each burst of " + burst + " within " + slowest + " ms");
            assertTrue(gusFast.isOpen());
            assertEquals(List.of(), hals.drain(), "another user's client got none of Gus's calls");

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (live.tooSlowCount() == tooSlowBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(tooSlowBefore + 1, live.tooSlowCount(), "the stuck client was dropped, and only it");
            RawEventSocket.Drained drained = stuck.drain();
            assertEquals(4008, drained.closeCode(), "closed as too slow after " + drained.textFrames() + " events");
            assertTrue(drained.textFrames() < bursts * burst);

            gus.api().put("/api/v1/users/me/presence", json("state", "busy"));
            gusFast.next("presence_changed", WAIT);
            hals.next("presence_changed", WAIT);
        }
    }
}
