package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.directory.UserId;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.ApiClient.Reply;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signed-in user's REST routes against the running server: what the portal sees, including that
 * user A can neither read nor change anything of user B.
 */
class PortalApiTest {
    private static TestServer server;
    private static PortalUsers users;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        users = new PortalUsers(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertProblem(Reply r, int status, String errorId) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(errorId, r.errorId(), r.toString());
    }

    private static void assertInvalid(Reply r, String field) {
        assertProblem(r, 400, "invalid-field");
        assertEquals(field, r.firstField(), r.toString());
    }

    /** A call from or to outside: inbound ones reach the user, outbound ones are the user's own. */
    private static TrackedCall call(SignedIn user, CallDirection direction, String peer, Runnable hangup) {
        boolean out = direction == CallDirection.OUTBOUND;
        return server.deskline().calls().open(CallId.random(), new UserId(user.id()), direction,
                out ? CallRole.CALLER : CallRole.CALLEE, peer, "Peer " + peer, out ? peer : user.extension(), hangup);
    }

    @Test
    void meIsTheUserWithWhereCallsRingAndPresence() throws Exception {
        SignedIn u = users.create("1101", "Mia Meijer", "telecommuter", Map.of("allowed", true));
        long device = users.admin().post("/api/v1/devices", json("name", "Desk 1101", "sipUsername", "desk1101",
                "sipPassword", "sip-secret-1101", "assignedUserId", u.id())).json().get("id").asLong();

        JsonNode me = u.api().get("/api/v1/users/me").json();
        assertEquals(u.id(), me.get("id").asLong());
        assertEquals("1101", me.get("extension").asText());
        assertEquals("desk", me.get("mode").asText());
        assertEquals(device, me.get("deviceId").asLong());
        assertEquals("Desk 1101", me.get("deviceName").asText());
        assertEquals("available", me.get("presence").get("state").asText());
        assertFalse(me.get("presence").get("onCall").asBoolean());
        assertEquals("available", me.get("presence").get("effective").asText());
        assertFalse(me.has("portalPassword"));
    }

    @Test
    void everyRouteOfTheUserNeedsASessionAndRefusesTheAdministrator() throws Exception {
        ApiClient anonymous = server.api();
        ApiClient admin = users.admin();
        List<String[]> routes = List.of(
                new String[] {"GET", "/api/v1/users/me"},
                new String[] {"PUT", "/api/v1/users/me/mode"},
                new String[] {"GET", "/api/v1/users/me/presence"},
                new String[] {"PUT", "/api/v1/users/me/presence"},
                new String[] {"GET", "/api/v1/users/me/calls"},
                new String[] {"POST", "/api/v1/users/me/calls"},
                new String[] {"GET", "/api/v1/users/me/calls/abc"},
                new String[] {"DELETE", "/api/v1/users/me/calls/abc"},
                new String[] {"GET", "/api/v1/users/me/call-log"},
                new String[] {"GET", "/api/v1/directory"});
        for (String[] route : routes) {
            assertProblem(send(anonymous, route), 401, "unauthenticated");
            assertProblem(send(anonymous.withToken("not-a-token"), route), 401, "invalid-token");
            assertProblem(send(admin, route), 403, "user-only");
        }
        SignedIn u = users.create("1102", "Olaf Otten");
        for (String route : new String[] {"/api/v1/users", "/api/v1/devices", "/api/v1/users/" + u.id()}) {
            assertProblem(u.api().get(route), 403, "admin-only");
        }
        assertProblem(u.api().patch("/api/v1/users/" + u.id(), json("name", "Me")), 403, "admin-only");
    }

    private static Reply send(ApiClient c, String[] route) throws Exception {
        String body = json("state", "busy");
        return switch (route[0]) {
            case "GET" -> c.get(route[1]);
            case "PUT" -> c.put(route[1], route[1].endsWith("mode") ? json("mode", "desk") : body);
            case "POST" -> c.post(route[1], json("destination", "102"));
            case "DELETE" -> c.delete(route[1]);
            default -> throw new IllegalArgumentException(route[0]);
        };
    }

    @Test
    void theModeSwitchFollowsTheRulesWithClearErrors() throws Exception {
        SignedIn plain = users.create("1201", "Piet Plain");
        assertProblem(plain.api().put("/api/v1/users/me/mode", json("mode", "telecommuter",
                "telecommuterNumber", "+31612345678")), 403, "telecommuter-not-allowed");

        SignedIn remote = users.create("1202", "Rita Remote", "telecommuter", Map.of("allowed", true));
        long desk = users.admin().post("/api/v1/devices", json("name", "Desk 1202", "sipUsername", "desk1202",
                "sipPassword", "sip-secret-1202", "assignedUserId", remote.id())).json().get("id").asLong();
        ApiClient api = remote.api();
        assertInvalid(api.put("/api/v1/users/me/mode", json("mode", "telecommuter")), "telecommuterNumber");
        assertInvalid(api.put("/api/v1/users/me/mode", json("mode", "telecommuter", "telecommuterNumber", "06-abc")),
                "telecommuterNumber");
        assertInvalid(api.put("/api/v1/users/me/mode", json("mode", "holiday")), "mode");
        assertInvalid(api.put("/api/v1/users/me/mode", json("telecommuterNumber", "+31612345678")), "mode");
        assertInvalid(api.put("/api/v1/users/me/mode", json("mode", "desk", "device", 3)), "device");
        assertInvalid(api.put("/api/v1/users/me/mode", "{\"mode\":1}"), "mode");
        assertProblem(api.put("/api/v1/users/me/mode", "{\"mode\":"), 400, "malformed-json");

        Reply remoteMode = api.put("/api/v1/users/me/mode", json("mode", "telecommuter",
                "telecommuterNumber", " +31612345678 "));
        assertEquals(200, remoteMode.status(), remoteMode.toString());
        assertEquals("telecommuter", remoteMode.json().get("mode").asText());
        assertEquals("+31612345678", remoteMode.json().get("telecommuter").get("number").asText());
        assertTrue(remoteMode.json().get("deviceId").isNull(), "logged out of the desk phone");

        Reply back = api.put("/api/v1/users/me/mode", json("mode", "desk"));
        assertEquals("desk", back.json().get("mode").asText());
        assertEquals(desk, back.json().get("deviceId").asLong(), "back on the assigned phone");

        Reply out = api.put("/api/v1/users/me/mode", json("mode", "logged_out"));
        assertEquals("logged_out", out.json().get("mode").asText());
        assertEquals("logged_out", api.get("/api/v1/users/me").json().get("mode").asText());
    }

    @Test
    void presenceIsValidatedAndKeptAsPlainText() throws Exception {
        SignedIn u = users.create("1301", "Sara Status");
        ApiClient api = u.api();
        assertInvalid(api.put("/api/v1/users/me/presence", json("message", "no state")), "state");
        assertInvalid(api.put("/api/v1/users/me/presence", json("state", "sleeping")), "state");
        assertInvalid(api.put("/api/v1/users/me/presence", json("state", "away", "message", "x".repeat(201))), "message");
        assertInvalid(api.put("/api/v1/users/me/presence", json("state", "away", "message", "two\nlines")), "message");
        assertInvalid(api.put("/api/v1/users/me/presence", json("state", "away", "mood", "fine")), "mood");
        assertInvalid(api.put("/api/v1/users/me/presence", "{\"state\":true}"), "state");
        assertProblem(api.put("/api/v1/users/me/presence", "[]"), 400, "invalid-body");

        String markup = "<img src=x onerror=alert(1)> back at 2 & \"soon\"";
        Reply set = api.put("/api/v1/users/me/presence", json("state", "away", "message", markup));
        assertEquals(200, set.status(), set.toString());
        assertTrue(set.contentType().startsWith("application/json"));
        assertEquals(markup, set.json().get("message").asText(), "stored and answered as given: plain text");
        assertEquals("away", set.json().get("effective").asText());

        JsonNode read = api.get("/api/v1/users/me/presence").json();
        assertEquals("away", read.get("state").asText());
        assertEquals(markup, read.get("message").asText());
        assertEquals(markup, api.get("/api/v1/users/me").json().get("presence").get("message").asText());

        Reply sentBack = api.put("/api/v1/users/me/presence", read.toString());
        assertEquals(200, sentBack.status(), "what was read may be sent back: " + sentBack);
        Reply cleared = api.put("/api/v1/users/me/presence", json("state", "dnd"));
        assertTrue(cleared.json().get("message").isNull());
        assertEquals("dnd", users.admin().get("/api/v1/users/" + u.id()).json().get("presence").get("state").asText());
    }

    @Test
    void presenceShowsOnACallWhileACallIsUp() throws Exception {
        SignedIn u = users.create("1401", "Tom Talker");
        TrackedCall c = call(u, CallDirection.INBOUND, "+31201111111", () -> { });
        c.ringing();
        c.answered();
        server.deskline().portalServices().events().awaitDelivered(java.time.Duration.ofSeconds(5));
        JsonNode p = u.api().get("/api/v1/users/me/presence").json();
        assertTrue(p.get("onCall").asBoolean(), p.toString());
        assertEquals("on_call", p.get("effective").asText());
        assertEquals("available", p.get("state").asText(), "the choice is kept apart");
        assertEquals("on_call", u.api().get("/api/v1/directory?q=1401").json().get(0).get("presence").get("effective")
                .asText());

        c.ended(EndReason.HANGUP_REMOTE);
        server.deskline().portalServices().events().awaitDelivered(java.time.Duration.ofSeconds(5));
        assertFalse(u.api().get("/api/v1/users/me/presence").json().get("onCall").asBoolean());
    }

    @Test
    void clickToCallValidatesTheDestinationThenAsksCallControl() throws Exception {
        ApiClient api = users.create("1501", "Uma Dialer").api();
        assertInvalid(api.post("/api/v1/users/me/calls", json()), "destination");
        assertInvalid(api.post("/api/v1/users/me/calls", json("destination", "  ")), "destination");
        assertInvalid(api.post("/api/v1/users/me/calls", json("destination", "call mom")), "destination");
        assertInvalid(api.post("/api/v1/users/me/calls", json("destination", "*35")), "destination");
        assertInvalid(api.post("/api/v1/users/me/calls", json("destination", "1" + "2".repeat(32))), "destination");
        assertInvalid(api.post("/api/v1/users/me/calls", "{\"destination\":102}"), "destination");
        assertProblem(api.post("/api/v1/users/me/calls", null), 400, "missing-body");
        // click-to-call itself (201, the call dialing, progress as events) is ClickToCallApiTest's, with phones
        assertProblem(api.post("/api/v1/users/me/calls", json("destination", "+31 (20) 555-0101")), 503, "no-trunk");
        assertProblem(api.post("/api/v1/users/me/calls", json("destination", "102")), 400, "invalid-destination");
        users.create("1502", "Uwe Colleague");
        assertProblem(api.post("/api/v1/users/me/calls", json("destination", "1502")), 409, "user-unreachable");
    }

    @Test
    void liveCallsAndHangingUpAreTheUsersOwn() throws Exception {
        SignedIn a = users.create("1601", "Anna A");
        SignedIn b = users.create("1602", "Bert B");
        AtomicBoolean aHungUp = new AtomicBoolean();
        AtomicBoolean bHungUp = new AtomicBoolean();
        TrackedCall aCall = call(a, CallDirection.INBOUND, "+31202222222", () -> aHungUp.set(true));
        TrackedCall bCall = call(b, CallDirection.OUTBOUND, "+31203333333", () -> bHungUp.set(true));
        aCall.ringing();
        String aId = aCall.view().callId().value();
        String bId = bCall.view().callId().value();

        JsonNode live = a.api().get("/api/v1/users/me/calls").json();
        assertEquals(1, live.size(), live.toString());
        assertEquals(aId, live.get(0).get("callId").asText());
        assertEquals("ringing", live.get(0).get("state").asText());
        assertEquals("inbound", live.get(0).get("direction").asText());
        assertEquals("+31202222222", live.get(0).get("peerNumber").asText());
        assertEquals(aId, a.api().get("/api/v1/users/me/calls/" + aId).json().get("callId").asText());

        assertProblem(a.api().get("/api/v1/users/me/calls/" + bId), 404, "call-not-found");
        assertProblem(a.api().delete("/api/v1/users/me/calls/" + bId), 404, "call-not-found");
        assertFalse(bHungUp.get(), "A cannot hang up B's call");
        assertEquals(1, b.api().get("/api/v1/users/me/calls").json().size());

        assertEquals(204, a.api().delete("/api/v1/users/me/calls/" + aId).status());
        assertTrue(aHungUp.get());
        aCall.ended(EndReason.PORTAL_HANGUP);
        assertEquals(0, a.api().get("/api/v1/users/me/calls").json().size());
        assertProblem(a.api().get("/api/v1/users/me/calls/" + aId), 404, "call-not-found");
        bCall.ended(EndReason.HANGUP_LOCAL);
    }

    @Test
    void theCallLogPagesNewestFirstAndMarksMissedCalls() throws Exception {
        SignedIn a = users.create("1701", "Carl Logger");
        SignedIn b = users.create("1702", "Dora Other");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TrackedCall c = call(a, i % 2 == 0 ? CallDirection.INBOUND : CallDirection.OUTBOUND, "+3120444000" + i,
                    () -> { });
            if (i != 2) {
                c.answered();
            }
            c.ended(i == 2 ? EndReason.NO_ANSWER : EndReason.HANGUP_REMOTE);
            ids.add(0, c.view().callId().value());
        }
        call(b, CallDirection.INBOUND, "+31205555555", () -> { }).ended(EndReason.CANCELLED);
        server.deskline().portalServices().callLog().flush();

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Reply page = a.api().get("/api/v1/users/me/call-log?limit=2" + (next == null ? "" : "&before=" + next));
            assertEquals(200, page.status(), page.toString());
            for (JsonNode e : page.json().get("calls")) {
                seen.add(e.get("callId").asText());
                assertEquals("ended", e.get("state").asText());
                assertTrue(e.get("id").asLong() > 0);
                assertEquals(e.get("callId").asText().equals(ids.get(2)), e.get("missed").asBoolean(), e.toString());
            }
            next = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (next != null);
        assertEquals(ids, seen, "A's calls only, newest first");
        assertEquals(3, pages);
        JsonNode missed = a.api().get("/api/v1/users/me/call-log?limit=50").json().get("calls").get(2);
        assertEquals("no_answer", missed.get("endReason").asText());
        assertTrue(missed.get("answeredAt").isNull());

        JsonNode bLog = b.api().get("/api/v1/users/me/call-log").json().get("calls");
        assertEquals(1, bLog.size());
        assertTrue(bLog.get(0).get("missed").asBoolean());

        assertInvalid(a.api().get("/api/v1/users/me/call-log?limit=0"), "limit");
        assertInvalid(a.api().get("/api/v1/users/me/call-log?limit=201"), "limit");
        assertInvalid(a.api().get("/api/v1/users/me/call-log?limit=ten"), "limit");
        assertInvalid(a.api().get("/api/v1/users/me/call-log?before=-1"), "before");
    }

    @Test
    void theDirectoryFindsColleaguesWithTheirPresence() throws Exception {
        SignedIn a = users.create("1801", "Eva Zoeker");
        SignedIn b = users.create("1802", "Frank Zoeker");
        users.create("1803", "Gijs Anders");
        b.api().put("/api/v1/users/me/presence", json("state", "busy", "message", "In a meeting"));

        Reply byName = a.api().get("/api/v1/directory?q=zoeker");
        assertEquals(200, byName.status());
        assertEquals(2, byName.json().size());
        assertEquals("2", byName.header("X-Total-Count"));
        JsonNode frank = byName.json().get(1);
        assertEquals(b.id(), frank.get("id").asLong());
        assertEquals("1802", frank.get("extension").asText());
        assertEquals("Frank Zoeker", frank.get("name").asText());
        assertEquals("busy", frank.get("presence").get("state").asText());
        assertEquals("In a meeting", frank.get("presence").get("message").asText());
        assertEquals(4, frank.size(), "id, extension, name, presence and nothing else: " + frank);

        assertEquals(3, a.api().get("/api/v1/directory?q=180").json().size(), "extension prefix");
        Reply limited = a.api().get("/api/v1/directory?q=180&limit=1");
        assertEquals(1, limited.json().size());
        assertEquals("3", limited.header("X-Total-Count"));
        assertEquals(0, a.api().get("/api/v1/directory?q=nobody-by-this-name").json().size());
        assertInvalid(a.api().get("/api/v1/directory?limit=0"), "limit");
    }

    @Test
    void theAdministratorSeesHotdeskHistory() throws Exception {
        SignedIn u = users.create("1901", "Hans Historie");
        long device = users.admin().post("/api/v1/devices", json("name", "Desk 1901", "sipUsername", "desk1901",
                "sipPassword", "sip-secret-1901", "assignedUserId", u.id())).json().get("id").asLong();
        Reply history = users.admin().get("/api/v1/users/" + u.id() + "/hotdesk-history");
        assertEquals(200, history.status(), history.toString());
        assertEquals("login", history.json().get(0).get("action").asText());
        assertEquals(device, history.json().get(0).get("deviceId").asLong());
        assertTrue(history.json().get(0).get("at").asText().endsWith("Z"));
    }
}
