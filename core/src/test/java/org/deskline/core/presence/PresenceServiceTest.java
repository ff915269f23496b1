package org.deskline.core.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.EndReason;
import org.deskline.core.call.TrackedCall;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PresenceServiceTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    private static PresenceService started(CoreFixture f) {
        PresenceService p = new PresenceService(f.database.jdbc(), f.bus, f.clock);
        p.load();
        f.bus.subscribe(p::onEvent);
        return p;
    }

    private static List<PresenceChangedEvent> changes(CoreFixture f) {
        return f.events("presence_changed").stream().map(PresenceChangedEvent.class::cast).toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aChosenPresenceIsPublishedAndSurvivesARestart(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User u = f.user("101");
            PresenceService presence = started(f);
            assertEquals(Presence.DEFAULT, presence.of(u.id()));

            Presence p = presence.set(u.id(), PresenceState.AWAY, "  Lunch <b>until</b> 13:00 ☕  ");
            assertEquals(new Presence(PresenceState.AWAY, "Lunch <b>until</b> 13:00 ☕", false), p);
            assertEquals(EffectiveState.AWAY, p.effective());
            List<PresenceChangedEvent> events = changes(f);
            assertEquals(1, events.size());
            assertEquals(u.id(), events.get(0).userId());
            assertEquals(p, events.get(0).presence());
            assertTrue(events.get(0).forDirectory());
            assertEquals(java.util.Set.of(u.id()), events.get(0).audience());

            presence.set(u.id(), PresenceState.AWAY, "Lunch <b>until</b> 13:00 ☕");
            assertEquals(1, changes(f).size(), "no change, no event");

            f.restart();
            PresenceService again = started(f);
            assertEquals(p, again.of(u.id()));
            assertNull(again.set(u.id(), PresenceState.DND, " ").message(), "a blank message is none");
            f.restart();
            assertEquals(new Presence(PresenceState.DND, null, false), started(f).of(u.id()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void onACallFollowsAnsweredCallsAndShowsUnlessDoNotDisturb(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind); CallLog log = new CallLog(f.database.jdbc())) {
            User u = f.user("101");
            PresenceService presence = started(f);
            CallTracker tracker = new CallTracker(f.bus, log, f.clock);

            TrackedCall first = tracker.open(CallId.random(), u.id(), CallDirection.INBOUND, CallRole.CALLEE, "102", null,
                    "101", () -> { });
            first.ringing();
            f.drain();
            assertFalse(presence.of(u.id()).onCall(), "ringing is not on a call");
            first.answered();
            TrackedCall second = tracker.open(CallId.random(), u.id(), CallDirection.OUTBOUND, CallRole.CALLER, "103",
                    null, "103", () -> { });
            second.answered();
            f.drain();
            assertTrue(presence.of(u.id()).onCall());
            assertEquals(EffectiveState.ON_CALL, presence.of(u.id()).effective());

            first.ended(EndReason.HANGUP_REMOTE);
            f.drain();
            assertTrue(presence.of(u.id()).onCall(), "still on the second call");
            presence.set(u.id(), PresenceState.DND, null);
            assertEquals(EffectiveState.DND, presence.of(u.id()).effective());
            second.ended(EndReason.HANGUP_LOCAL);
            f.drain();
            assertFalse(presence.of(u.id()).onCall());

            List<Boolean> onCall = changes(f).stream().map(e -> e.presence().onCall()).toList();
            assertEquals(List.of(true, true, false), onCall, "up, dnd chosen while up, down");
        }
    }

    @Test
    void messagesArePlainTextOnOneLineOfLimitedLength() {
        assertEquals("x".repeat(200), PresenceService.normaliseMessage("x".repeat(200)));
        assertEquals("Op kantoor 🏢 tot 17:00", PresenceService.normaliseMessage("Op kantoor 🏢 tot 17:00"));
        for (String bad : new String[] {"x".repeat(201), "two\nlines", "tab\there", "nul\u0000", "bell\u0007",
                "rtl\u202Eevil", "line\u2028sep", "lone\uD800surrogate", "\uDC00lone"}) {
            DomainException e = assertThrows(DomainException.class, () -> PresenceService.normaliseMessage(bad), bad);
            assertEquals("invalid-field", e.errorId());
            assertEquals("message", e.fields().get(0).name());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anUnknownUserIsNotFound(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            DomainException e = assertThrows(DomainException.class,
                    () -> started(f).set(new UserId(424242), PresenceState.BUSY, null));
            assertEquals("user-not-found", e.errorId());
        }
    }
}
