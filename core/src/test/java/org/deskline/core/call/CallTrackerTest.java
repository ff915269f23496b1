package org.deskline.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CallTrackerTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aCallIsPublishedStepByStepAndLoggedWhenItEnds(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind); CallLog log = new CallLog(f.database.jdbc())) {
            User u = f.user("101");
            CallTracker tracker = new CallTracker(f.bus, log, f.clock);
            AtomicBoolean hungUp = new AtomicBoolean();
            TrackedCall call = tracker.open(CallId.random(), u.id(), CallDirection.INBOUND, CallRole.CALLEE,
                    "+31201234567", null, "101", () -> hungUp.set(true));
            call.ringing();
            call.ringing();
            call.answered();
            assertEquals(1, tracker.live(u.id()).size());
            tracker.find(u.id(), call.view().callId()).orElseThrow().hangup();
            assertTrue(hungUp.get());
            call.ended(EndReason.PORTAL_HANGUP);
            call.ended(EndReason.HANGUP_REMOTE);
            call.answered();

            assertEquals(0, tracker.live(u.id()).size());
            f.drain();
            List<String> names = f.events.stream().filter(e -> e instanceof CallEvent).map(e -> e.name()).toList();
            assertEquals(List.of("call_created", "call_ringing", "call_answered", "call_ended"), names);

            log.flush();
            List<CallLog.Entry> entries = log.recent(u.id(), 10, null);
            assertEquals(1, entries.size());
            assertEquals(EndReason.PORTAL_HANGUP, entries.get(0).call().endReason());
            assertEquals("+31201234567", entries.get(0).call().peerNumber());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theCallLogPagesNewestFirst(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind); CallLog log = new CallLog(f.database.jdbc())) {
            User u = f.user("101");
            CallTracker tracker = new CallTracker(f.bus, log, f.clock);
            for (int i = 0; i < 5; i++) {
                tracker.open(CallId.random(), u.id(), CallDirection.OUTBOUND, CallRole.CALLER, "10" + i, null, "10" + i,
                        () -> { }).ended(EndReason.NO_ANSWER);
            }
            log.flush();
            List<CallLog.Entry> first = log.recent(u.id(), 3, null);
            assertEquals(List.of("104", "103", "102"), first.stream().map(e -> e.call().peerNumber()).toList());
            List<CallLog.Entry> next = log.recent(u.id(), 3, first.get(2).id());
            assertEquals(List.of("101", "100"), next.stream().map(e -> e.call().peerNumber()).toList());
        }
    }

    @Test
    void onlyAnInternalCallCanGoEitherWay() {
        for (CallRole role : CallRole.values()) {
            assertEquals(role == CallRole.CALLEE, view(CallDirection.INTERNAL, role).incoming());
        }
        assertTrue(view(CallDirection.INBOUND, CallRole.CALLEE).incoming());
        assertFalse(view(CallDirection.OUTBOUND, CallRole.CALLER).incoming());
        assertThrows(IllegalArgumentException.class, () -> view(CallDirection.INBOUND, CallRole.CALLER));
        assertThrows(IllegalArgumentException.class, () -> view(CallDirection.OUTBOUND, CallRole.CALLEE));
        assertThrows(NullPointerException.class, () -> view(CallDirection.INTERNAL, null));
    }

    private static CallView view(CallDirection direction, CallRole role) {
        return new CallView(new CallId("c1"), new UserId(1), direction, role, CallState.DIALING, "102", null, "102",
                null, Instant.EPOCH, null, null, null);
    }
}
