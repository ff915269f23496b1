package org.deskline.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.deskline.core.directory.Device;
import org.deskline.core.registration.RegisterRequest.Contact;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LocationServiceTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    private static LocationService location(CoreFixture f) {
        LocationService l = new LocationService(f.database.jdbc(), RegistrationPolicy.defaults(), f.clock,
                id -> f.view.device(id).isPresent());
        l.start();
        return l;
    }

    private static RegisterRequest register(Device d, String callId, long cseq, Long headerExpires, Contact... contacts) {
        return new RegisterRequest(d.id(), callId, cseq, List.of(contacts), false, headerExpires, "127.0.0.1:5062",
                "udp", "phone/1.0");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void bindingsFollowRfc3261RulesAndSurviveARestart(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            Device d = f.device("desk1", null);
            LocationService l = location(f);

            var ok = (RegisterOutcome.Accepted) l.register(register(d, "c1", 1, 600L, new Contact("sip:a@1.2.3.4", null),
                    new Contact("sip:a@5.6.7.8", 120L)));
            assertEquals(2, ok.bindings().size());
            assertEquals(600, ok.bindings().get(0).secondsLeftAt(f.clock.instant()));
            assertEquals(120, ok.bindings().get(1).secondsLeftAt(f.clock.instant()));

            assertInstanceOf(RegisterOutcome.IntervalTooBrief.class,
                    l.register(register(d, "c1", 2, 10L, new Contact("sip:a@1.2.3.4", null))));
            assertInstanceOf(RegisterOutcome.OutOfOrder.class,
                    l.register(register(d, "c1", 0, 600L, new Contact("sip:a@1.2.3.4", null))));
            assertInstanceOf(RegisterOutcome.Accepted.class,
                    l.register(register(d, "c1", 1, 600L, new Contact("sip:a@1.2.3.4", null))), "a retransmission");
            var capped = (RegisterOutcome.Accepted) l.register(register(d, "c2", 1, 999_999L,
                    new Contact("sip:a@9.9.9.9", null)));
            assertEquals(3600, capped.bindings().get(2).secondsLeftAt(f.clock.instant()));
            assertEquals("sip:a@9.9.9.9", l.newest(d.id()).orElseThrow().contactUri(), "the newest contact rings");

            var query = (RegisterOutcome.Accepted) l.register(register(d, "c3", 1, null));
            assertEquals(3, query.bindings().size(), "a REGISTER without contacts only asks");
            l.register(register(d, "c1", 3, 0L, new Contact("sip:a@1.2.3.4", null)));
            assertEquals(2, l.bindings(d.id()).size());

            f.clock.advance(Duration.ofSeconds(121));
            assertEquals(1, l.bindings(d.id()).size(), "the 120 s contact expired");
            l.flush();
            l.close();

            f.restart();
            LocationService again = location(f);
            assertEquals(List.of("sip:a@9.9.9.9"), again.bindings(d.id()).stream().map(Binding::contactUri).toList());
            assertTrue(again.isRegistered(d.id()));
            again.close();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theWildcardRemovesEverythingAndTheOldestContactMakesRoom(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            Device d = f.device("desk2", null);
            LocationService l = new LocationService(f.database.jdbc(), new RegistrationPolicy(Duration.ofSeconds(60),
                    Duration.ofHours(1), Duration.ofHours(1), 2), f.clock, id -> true);
            l.start();
            l.register(register(d, "x", 1, null, new Contact("sip:1@h", null)));
            f.clock.advance(Duration.ofSeconds(1));
            l.register(register(d, "y", 1, null, new Contact("sip:2@h", null)));
            f.clock.advance(Duration.ofSeconds(1));
            l.register(register(d, "z", 1, null, new Contact("sip:3@h", null)));
            assertEquals(List.of("sip:2@h", "sip:3@h"), l.bindings(d.id()).stream().map(Binding::contactUri).toList());

            assertInstanceOf(RegisterOutcome.InvalidWildcard.class, l.register(new RegisterRequest(d.id(), "w", 1,
                    List.of(), true, 60L, "h:1", "udp", null)));
            assertInstanceOf(RegisterOutcome.Accepted.class, l.register(new RegisterRequest(d.id(), "w", 1, List.of(),
                    true, 0L, "h:1", "udp", null)));
            assertFalse(l.isRegistered(d.id()));
            l.flush();
            l.close();
            f.restart();
            LocationService again = new LocationService(f.database.jdbc(), RegistrationPolicy.defaults(), f.clock, id -> true);
            again.start();
            assertFalse(again.isRegistered(d.id()));
            again.close();
        }
    }
}
