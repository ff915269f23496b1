package org.deskline.core.hotdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.ModeChangedEvent;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's hot-desk and mode rules, each on the database and in the in-memory view. */
class HotdeskRulesTest {

    static java.util.List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    private static Optional<UserId> onDevice(CoreFixture f, Device d) {
        return f.view.loginOnDevice(d.id()).map(DeviceLogin::userId);
    }

    private static Optional<DeviceId> deviceOf(CoreFixture f, User u) {
        return f.view.loginOfUser(u.id()).map(DeviceLogin::deviceId);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void deviceCreatedWithOwnerStartsWithOwnerLoggedIn(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User alice = f.user("101");
            Device desk = f.device("desk1", alice.id());
            assertEquals(Optional.of(alice.id()), onDevice(f, desk));
            assertEquals(UserMode.DESK, f.view.modeOf(f.view.user(alice.id()).orElseThrow()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void loggingInElsewhereMovesTheUserAndTheOldDeviceGoesBackToItsOwner(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User alice = f.user("101");
            User bob = f.user("102");
            Device bobsDesk = f.device("desk2", bob.id());
            Device hot1 = f.device("hot1", null);
            Device hot2 = f.device("hot2", null);

            // Bob hot-desks away from his own phone: it is left with nobody (he is the one who left).
            assertTrue(f.hotdesk.login(hot1.id(), bob.id(), LoginMethod.FEATURE_CODE));
            assertEquals(Optional.empty(), onDevice(f, bobsDesk));
            // Alice logs in on Bob's phone, then moves on: the phone goes back to Bob only once Bob is free.
            f.hotdesk.login(bobsDesk.id(), alice.id(), LoginMethod.FEATURE_CODE);
            f.hotdesk.login(hot2.id(), alice.id(), LoginMethod.FEATURE_CODE);
            assertEquals(Optional.empty(), onDevice(f, bobsDesk), "Bob is still on hot1");
            assertEquals(Optional.of(hot2.id()), deviceOf(f, alice));
            // Bob logs out of hot1: his own phone is empty, so he is not pushed anywhere; hot1 is empty.
            f.hotdesk.logout(hot1.id(), LoginMethod.FEATURE_CODE, LogoutReason.USER);
            assertEquals(Optional.empty(), onDevice(f, hot1));
            // Alice leaves hot2 for Bob's phone and back: when she leaves Bob's phone, Bob is free, so it is his again.
            f.hotdesk.login(bobsDesk.id(), alice.id(), LoginMethod.FEATURE_CODE);
            f.hotdesk.login(hot2.id(), alice.id(), LoginMethod.FEATURE_CODE);
            assertEquals(Optional.of(bob.id()), onDevice(f, bobsDesk));

            f.drain();
            assertTrue(f.events("hotdesk_logout").stream().map(HotdeskLogoutEvent.class::cast)
                    .anyMatch(e -> e.userId().equals(alice.id()) && e.reason() == LogoutReason.MOVED));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void hotIdentitySwitchReplacesTheUserOnTheDevice(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User a = f.user("101");
            User b = f.user("102");
            Device phone = f.device("hot1", null);
            f.hotdesk.login(phone.id(), a.id(), LoginMethod.FEATURE_CODE);
            f.hotdesk.login(phone.id(), b.id(), LoginMethod.FEATURE_CODE);
            assertEquals(Optional.of(b.id()), onDevice(f, phone));
            assertEquals(Optional.empty(), deviceOf(f, a));
            assertEquals(UserMode.LOGGED_OUT, f.view.modeOf(f.view.user(a.id()).orElseThrow()));
            assertTrue(f.events("hotdesk_logout").stream().map(HotdeskLogoutEvent.class::cast)
                    .anyMatch(e -> e.userId().equals(a.id()) && e.reason() == LogoutReason.REPLACED));
            assertFalse(f.hotdesk.login(phone.id(), b.id(), LoginMethod.FEATURE_CODE), "already there: no change");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void anOwnerLoggingOutOfTheirOwnPhoneLeavesItEmptyAndAHotDeskerLeavingGivesItBack(TestDatabase.Kind kind)
            throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User owner = f.user("101");
            User guest = f.user("102");
            Device desk = f.device("desk1", owner.id());
            f.hotdesk.logout(desk.id(), LoginMethod.FEATURE_CODE, LogoutReason.USER);
            assertEquals(Optional.empty(), onDevice(f, desk));

            f.hotdesk.login(desk.id(), guest.id(), LoginMethod.FEATURE_CODE);
            f.hotdesk.logout(desk.id(), LoginMethod.ADMIN, LogoutReason.ADMIN);
            assertEquals(Optional.of(owner.id()), onDevice(f, desk), "back to the free owner");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void deviceWithoutHotDeskingOrUserWithoutPermissionIsRefused(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User allowed = f.user("101");
            User notAllowed = f.user("102", u -> u.hotdeskAllowed = Patch.of(false));
            Device locked = f.device("hot1", null);
            var off = new org.deskline.core.directory.DeviceFields();
            off.hotdeskEnabled = Patch.of(false);
            f.provisioning.updateDevice(locked.id(), off);
            Device open = f.device("hot2", null);

            DomainException e1 = assertThrows(DomainException.class,
                    () -> f.hotdesk.login(locked.id(), allowed.id(), LoginMethod.FEATURE_CODE));
            assertEquals("hotdesk-disabled", e1.errorId());
            DomainException e2 = assertThrows(DomainException.class,
                    () -> f.hotdesk.login(open.id(), notAllowed.id(), LoginMethod.FEATURE_CODE));
            assertEquals("hotdesk-not-allowed", e2.errorId());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void telecommuterModeReleasesTheDeskAndEndingItRestoresTheBaseDeviceOnlyIfFree(TestDatabase.Kind kind)
            throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User remote = f.user("101", u -> {
                u.telecommuterAllowed = Patch.of(true);
                u.telecommuterNumber = Patch.of("+31612345678");
            });
            User hotDesker = f.user("102");
            Device base = f.device("desk1", remote.id());

            User t = f.modes.setMode(remote.id(), UserMode.TELECOMMUTER, null);
            assertEquals(UserMode.TELECOMMUTER, f.view.modeOf(t));
            assertEquals(Optional.empty(), onDevice(f, base), "the desk phone carries no user");

            f.modes.setMode(remote.id(), UserMode.DESK, null);
            assertEquals(Optional.of(remote.id()), onDevice(f, base), "base device was free: back on it");

            f.modes.setMode(remote.id(), UserMode.TELECOMMUTER, "+31698765432");
            f.hotdesk.login(base.id(), hotDesker.id(), LoginMethod.FEATURE_CODE);
            User back = f.modes.setMode(remote.id(), UserMode.DESK, null);
            assertEquals(UserMode.LOGGED_OUT, f.view.modeOf(back), "base device taken by a hot-desker");
            assertEquals(Optional.of(hotDesker.id()), onDevice(f, base));

            f.drain();
            var modes = f.events("mode_changed").stream().map(ModeChangedEvent.class::cast)
                    .filter(e -> e.userId().equals(remote.id())).map(ModeChangedEvent::mode).toList();
            assertEquals(java.util.List.of(UserMode.DESK, UserMode.TELECOMMUTER, UserMode.DESK, UserMode.TELECOMMUTER,
                    UserMode.LOGGED_OUT), modes);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void telecommuterModeNeedsPermissionAndANumber(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User plain = f.user("101");
            User noNumber = f.user("102", u -> u.telecommuterAllowed = Patch.of(true));
            DomainException denied = assertThrows(DomainException.class,
                    () -> f.modes.setMode(plain.id(), UserMode.TELECOMMUTER, "+31612345678"));
            assertEquals("telecommuter-not-allowed", denied.errorId());
            assertEquals(403, denied.status());
            DomainException missing = assertThrows(DomainException.class,
                    () -> f.modes.setMode(noNumber.id(), UserMode.TELECOMMUTER, null));
            assertEquals(400, missing.status());
            assertEquals("telecommuterNumber", missing.fields().get(0).name());
            DomainException bad = assertThrows(DomainException.class,
                    () -> f.modes.setMode(noNumber.id(), UserMode.TELECOMMUTER, "call me"));
            assertEquals(400, bad.status());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void hotDeskLoginEndsTelecommuterModeAndLoggedOutReleasesTheDevice(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User u = f.user("101", x -> {
                x.telecommuterAllowed = Patch.of(true);
                x.telecommuterNumber = Patch.of("+31612345678");
            });
            Device hot = f.device("hot1", null);
            f.modes.setMode(u.id(), UserMode.TELECOMMUTER, null);
            f.hotdesk.login(hot.id(), u.id(), LoginMethod.FEATURE_CODE);
            assertEquals(UserMode.DESK, f.view.modeOf(f.view.user(u.id()).orElseThrow()));
            f.modes.setMode(u.id(), UserMode.LOGGED_OUT, null);
            assertEquals(Optional.empty(), onDevice(f, hot));
            assertEquals(UserMode.LOGGED_OUT, f.view.modeOf(f.view.user(u.id()).orElseThrow()));
        }
    }
}
