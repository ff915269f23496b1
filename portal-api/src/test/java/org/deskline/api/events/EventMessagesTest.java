package org.deskline.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Set;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallState;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.presence.Presence;
import org.deskline.core.presence.PresenceChangedEvent;
import org.deskline.core.presence.PresenceState;
import org.junit.jupiter.api.Test;

/** Domain events as the JSON messages of {@code /api/v1/events}. */
class EventMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");
    private final EventMessages messages = new EventMessages(new DirectoryView());

    private JsonNode render(DomainEvent e) throws Exception {
        return JSON.readTree(messages.render(e).orElseThrow());
    }

    @Test
    void aCallEventCarriesTheCall() throws Exception {
        CallView v = new CallView(new CallId("c1"), new UserId(7), CallDirection.INBOUND, CallRole.CALLEE,
                CallState.ENDED, "+31201234567", "Caller", "101", "+31612345678", AT, null, AT.plusSeconds(20),
                EndReason.CANCELLED);
        JsonNode m = render(new CallEvent(CallEvent.Kind.ENDED, v, AT));
        assertEquals("call_ended", m.get("event").asText());
        JsonNode d = m.get("data");
        assertEquals("c1", d.get("callId").asText());
        assertEquals("inbound", d.get("direction").asText());
        assertTrue(d.get("incoming").asBoolean());
        assertEquals("ended", d.get("state").asText());
        assertEquals("+31201234567", d.get("peerNumber").asText());
        assertEquals("+31612345678", d.get("redirectedTo").asText());
        assertEquals("2026-01-05T09:00:20Z", d.get("endedAt").asText());
        assertEquals("cancelled", d.get("endReason").asText());
        assertTrue(d.get("answeredAt").isNull());
        assertTrue(d.get("missed").asBoolean());
        assertEquals(2, m.size(), "event and data only");
    }

    /** Ann calls Ben and hangs up while it rings: missed for Ben, not for Ann, though both end cancelled. */
    @Test
    void anInternalCallIsMissedOnlyByTheColleagueCalled() throws Exception {
        JsonNode ann = render(ended(new CallView(new CallId("c2"), new UserId(1), CallDirection.INTERNAL,
                CallRole.CALLER, CallState.ENDED, "102", "Ben", "102", null, AT, null, AT.plusSeconds(5),
                EndReason.CANCELLED))).get("data");
        JsonNode ben = render(ended(new CallView(new CallId("c2"), new UserId(2), CallDirection.INTERNAL,
                CallRole.CALLEE, CallState.ENDED, "101", "Ann", "102", null, AT, null, AT.plusSeconds(5),
                EndReason.CANCELLED))).get("data");
        assertEquals("internal", ann.get("direction").asText());
        assertEquals("internal", ben.get("direction").asText());
        assertFalse(ann.get("incoming").asBoolean());
        assertFalse(ann.get("missed").asBoolean());
        assertTrue(ben.get("incoming").asBoolean());
        assertTrue(ben.get("missed").asBoolean());
    }

    private static CallEvent ended(CallView v) {
        return new CallEvent(CallEvent.Kind.ENDED, v, AT);
    }

    @Test
    void presenceCarriesTheChoiceAndWhatColleaguesSee() throws Exception {
        JsonNode d = render(new PresenceChangedEvent(new UserId(7),
                new Presence(PresenceState.BUSY, "<b>plain</b>", true), AT)).get("data");
        assertEquals(7, d.get("userId").asLong());
        assertEquals("busy", d.get("state").asText());
        assertEquals("<b>plain</b>", d.get("message").asText());
        assertTrue(d.get("onCall").asBoolean());
        assertEquals("on_call", d.get("effective").asText());
        assertEquals("2026-01-05T09:00:00Z", d.get("at").asText());
    }

    @Test
    void anEventWithoutAMessageIsNotSent() {
        DomainEvent unknown = new DomainEvent() {
            @Override
            public String name() {
                return "registration_changed";
            }

            @Override
            public Instant at() {
                return AT;
            }

            @Override
            public Set<UserId> audience() {
                return Set.of(new UserId(1));
            }
        };
        assertTrue(messages.render(unknown).isEmpty());
    }
}
