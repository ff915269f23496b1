package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.sip.Telecommuting.awaitClean;
import static org.deskline.server.sip.Telecommuting.next;
import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.EventClient;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.testkit.sip.AnswerPolicy;
import org.deskline.testkit.sip.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Click-to-call through the portal's REST API and live events, with the fake trunk answering as the
 * telecommuter's phone and as the target: {@code POST /users/me/calls} answers 201 at once, the call's
 * progress arrives on {@code /api/v1/events}, {@code DELETE} ends both legs; refusals come as problems.
 */
class ClickToCallApiTest {
    private static SipHarness h;
    private static PortalUsers users;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c.withTelecommuter(t -> t.withMinAnswer(Duration.ofMillis(300))
                .withOfficeNumber("+31201234000")));
        users = new PortalUsers(h.server);
        h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(Duration.ofMillis(600)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static SignedIn telecommuter(String number, Object... extra) throws Exception {
        Object[] fields = new Object[4 + extra.length];
        fields[0] = "telecommuter";
        fields[1] = Map.of("allowed", true, "number", number);
        fields[2] = "dialPermission";
        fields[3] = "national";
        System.arraycopy(extra, 0, fields, 4, extra.length);
        SignedIn u = users.create(SipHarness.nextExtension(), "Tess Remote", fields);
        assertEquals(200, u.api().put("/api/v1/users/me/mode", json("mode", "telecommuter")).status());
        return u;
    }

    @Test
    void aClickToCallIsCreatedAtOnceFollowedLiveAndHungUpFromThePortal() throws Exception {
        SignedIn tele = telecommuter("+31687650001", "outboundNumber", "+31201110501");
        try (EventClient events = EventClient.connectWithToken(h.server.deskline().httpPort(), tele.token())) {
            ApiClient.Reply created = tele.api().post("/api/v1/users/me/calls", json("destination", "06 1234 5001"));
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("callId").asText();
            assertTrue(created.header("Location").endsWith("/users/me/calls/" + id), created.header("Location"));
            assertEquals("dialing", created.json().get("state").asText());
            assertEquals("+31687650001", created.json().get("redirectedTo").asText());
            assertEquals("0612345001", created.json().get("dialedNumber").asText());

            JsonNode c = events.next("call_created", T).get("data");
            assertEquals(id, c.get("callId").asText());
            assertEquals("+31687650001", c.get("redirectedTo").asText());
            Call atUser = next(h.trunk, "+31687650001");
            Call atTarget = next(h.trunk, "0612345001");
            assertEquals("ringing", events.next("call_ringing", T).get("data").get("state").asText());
            assertEquals("answered", events.next("call_answered", T).get("data").get("state").asText());
            atTarget.awaitConfirmed();
            ClickToCallTest.awaitFacing(atUser, atTarget);
            assertEquals("answered", tele.api().get("/api/v1/users/me/calls/" + id).json().get("state").asText());

            assertEquals(204, tele.api().delete("/api/v1/users/me/calls/" + id).status());
            atUser.awaitTerminated();
            atTarget.awaitTerminated();
            JsonNode ended = events.next("call_ended", T).get("data");
            assertEquals("portal_hangup", ended.get("endReason").asText());
            assertEquals(0, tele.api().get("/api/v1/users/me/calls").json().size());
        }
        awaitClean(h);
    }

    @Test
    void refusalsArriveAsProblemsAndNothingRings() throws Exception {
        SignedIn internalOnly = users.create(SipHarness.nextExtension(), "Ivo Inside", "dialPermission", "internal",
                "telecommuter", Map.of("allowed", true, "number", "+31687650002"));
        assertEquals(200, internalOnly.api().put("/api/v1/users/me/mode", json("mode", "telecommuter")).status());
        int trunkCalls = h.trunk.calls().size();
        ApiClient.Reply refused = internalOnly.api().post("/api/v1/users/me/calls", json("destination", "0612345002"));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("call-refused", refused.errorId());
        assertEquals("Not allowed to call national numbers", refused.json().get("detail").asText());
        assertEquals(trunkCalls, h.trunk.calls().size(), "nothing rang");

        SignedIn tele = telecommuter("+31687650003");
        h.trunk.answerPolicy(AnswerPolicy.neverAnswer());
        try {
            ApiClient.Reply first = tele.api().post("/api/v1/users/me/calls", json("destination", "0612345003"));
            assertEquals(201, first.status(), first.toString());
            Call atUser = next(h.trunk, "+31687650003");
            ApiClient.Reply second = tele.api().post("/api/v1/users/me/calls", json("destination", "0612345004"));
            assertEquals(409, second.status(), second.toString());
            assertEquals("line-busy", second.errorId());
            assertEquals(204, tele.api().delete("/api/v1/users/me/calls/" + first.json().get("callId").asText()).status());
            atUser.awaitTerminated();
        } finally {
            h.trunk.answerPolicy(AnswerPolicy.ringThenAnswer(Duration.ofMillis(600)));
        }
        awaitClean(h);
    }
}
