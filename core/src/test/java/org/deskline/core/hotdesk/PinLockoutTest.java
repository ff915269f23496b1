package org.deskline.core.hotdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

class PinLockoutTest {

    @Test
    void fiveWrongPinsLockTheUserForFifteenMinutesAcrossCalls() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User u = f.user("101");
            f.provisioning.setPin(u.id(), "4321");
            for (int i = 0; i < 5; i++) {
                assertInstanceOf(PinCheck.WrongPin.class, f.hotdesk.checkPin("101", "0000"));
            }
            assertInstanceOf(PinCheck.Locked.class, f.hotdesk.checkPin("101", "4321"), "even the right PIN");
            assertTrue(f.hotdesk.lockOf(u.id()).orElseThrow().lockedAt(f.clock.instant()));

            f.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            assertInstanceOf(PinCheck.Accepted.class, f.hotdesk.checkPin("101", "4321"));
            assertTrue(f.hotdesk.lockOf(u.id()).isEmpty(), "a right PIN clears the count");
        }
    }

    @Test
    void theLockSurvivesARestartAndTheAdministratorClearsIt() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User u = f.user("101");
            f.provisioning.setPin(u.id(), "4321");
            for (int i = 0; i < 5; i++) {
                f.hotdesk.checkPin("101", "9999");
            }
            f.restart();
            assertInstanceOf(PinCheck.Locked.class, f.hotdesk.checkPin("101", "4321"));
            f.hotdesk.clearLock(u.id());
            assertInstanceOf(PinCheck.Accepted.class, f.hotdesk.checkPin("101", "4321"));
        }
    }

    @Test
    void anUnknownExtensionAnswersExactlyLikeAWrongPin() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User u = f.user("101");
            f.provisioning.setPin(u.id(), "4321");
            for (int i = 0; i < 5; i++) {
                assertEquals(f.hotdesk.checkPin("101", "0000").getClass(), f.hotdesk.checkPin("999", "0000").getClass());
            }
            assertEquals(PinCheck.Locked.class, f.hotdesk.checkPin("999", "0000").getClass());
            assertEquals(PinCheck.Locked.class, f.hotdesk.checkPin("101", "0000").getClass());
        }
    }

    @Test
    void permissionIsCheckedOnlyAfterTheRightPin() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            User u = f.user("101", x -> x.hotdeskAllowed = Patch.of(false));
            f.provisioning.setPin(u.id(), "4321");
            assertInstanceOf(PinCheck.WrongPin.class, f.hotdesk.checkPin("101", "1111"));
            assertInstanceOf(PinCheck.NotAllowed.class, f.hotdesk.checkPin("101", "4321"));
            User noPin = f.user("102");
            assertInstanceOf(PinCheck.WrongPin.class, f.hotdesk.checkPin("102", "1234"), noPin + " has no PIN");
        }
    }
}
