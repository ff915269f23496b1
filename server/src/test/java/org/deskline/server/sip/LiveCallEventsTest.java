package org.deskline.server.sip;

import static org.deskline.server.sip.SipHarness.T;
import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deskline.server.sip.SipHarness.Desk;
import org.deskline.server.testing.EventClient;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.testkit.sip.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real SIP call, redirected by the B2BUA to a telecommuter's number, as the telecommuter's portal sees
 * it on {@code /api/v1/events}: every step with the caller's number, and nothing of it for anyone else.
 */
class LiveCallEventsTest {
    private static SipHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = SipHarness.start(c -> c);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void aRedirectedCallReachesTheTelecommutersSocketFromCreatedToEndedAndNoOneElses() throws Exception {
        Desk alice = h.desk(SipHarness.nextExtension());
        PortalUsers users = new PortalUsers(h.server);
        SignedIn tele = users.create(SipHarness.nextExtension(), "Tess Remote", "telecommuter",
                Map.of("allowed", true, "number", "+31687654399"));
        SignedIn bob = users.create(SipHarness.nextExtension(), "Bob Bystander");
        assertEquals(200, tele.api().put("/api/v1/users/me/mode", json("mode", "telecommuter")).status());
        int port = h.server.deskline().httpPort();

        try (EventClient teles = EventClient.connectWithToken(port, tele.token());
                EventClient bobs = EventClient.connect(port, "token=" + bob.token() + "&directory=true")) {
            Call out = alice.phone().call(h.uri(tele.extension()));
            Call atTrunk = h.trunk.awaitIncomingCall(T);
            out.awaitConfirmed();
            List<JsonNode> seen = new ArrayList<>();
            seen.add(teles.next(m -> m.path("event").asText().startsWith("call_"), T, "call_created"));
            while (!seen.get(seen.size() - 1).path("event").asText().equals("call_answered")) {
                seen.add(teles.next(m -> m.path("event").asText().startsWith("call_"), T, "call_answered"));
            }
            assertEquals("on_call", teles.next("presence_changed", T).get("data").get("effective").asText(),
                    "on a call while it is up");
            out.hangup();
            atTrunk.awaitTerminated();
            seen.add(teles.next("call_ended", T));

            List<String> names = seen.stream().map(m -> m.get("event").asText()).toList();
            assertEquals("call_created", names.get(0), names.toString());
            assertEquals("call_answered", names.get(names.size() - 2), names.toString());
            assertEquals("call_ended", names.get(names.size() - 1));
            String callId = seen.get(0).get("data").get("callId").asText();
            for (JsonNode m : seen) {
                JsonNode data = m.get("data");
                assertEquals(callId, data.get("callId").asText(), m.toString());
                assertEquals(alice.extension(), data.get("peerNumber").asText(), "the caller's number: " + m);
            }
            JsonNode ended = seen.get(seen.size() - 1).get("data");
            assertEquals("+31687654399", ended.get("redirectedTo").asText(), ended.toString());
            assertEquals("ended", ended.get("state").asText());
            assertTrue(ended.hasNonNull("answeredAt"), ended.toString());

            assertEquals("available", teles.next("presence_changed", T).get("data").get("effective").asText());
            h.awaitNoCalls();
            Thread.sleep(Duration.ofMillis(300).toMillis());
            List<String> bobSaw = bobs.drain().stream().map(m -> m.get("event").asText()).distinct().toList();
            assertTrue(bobSaw.stream().noneMatch(e -> e.startsWith("call_")), "Bob saw " + bobSaw);
        }
    }
}
