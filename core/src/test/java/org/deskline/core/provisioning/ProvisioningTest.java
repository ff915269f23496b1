package org.deskline.core.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserMode;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.FieldError;
import org.deskline.core.security.DigestAlgorithm;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProvisioningTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void duplicatesAreConflictsWithStableIds(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User a = f.user("101", u -> u.outboundNumber = Patch.of("+31205550101"));
            assertEquals("extension-taken", assertThrows(DomainException.class, () -> f.user("101")).errorId());
            assertEquals("outbound-number-taken", assertThrows(DomainException.class,
                    () -> f.user("102", u -> u.outboundNumber = Patch.of("+31205550101"))).errorId());
            f.device("desk1", a.id());
            DomainException sip = assertThrows(DomainException.class, () -> f.device("desk1", null));
            assertEquals("sip-username-taken", sip.errorId());
            assertEquals(409, sip.status());
            assertEquals("user-has-device", assertThrows(DomainException.class, () -> f.device("desk2", a.id())).errorId());
            assertEquals(1, f.provisioning.users().size(), "nothing half-written");
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyInvalidFieldIsNamed(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            UserFields bad = new UserFields();
            bad.extension = Patch.of("1a");
            bad.name = Patch.of(" ");
            bad.outboundNumber = Patch.of("not a number");
            bad.portalPassword = Patch.of("short");
            DomainException e = assertThrows(DomainException.class, () -> f.provisioning.createUser(bad));
            assertEquals(400, e.status());
            assertEquals("invalid-field", e.errorId());
            assertEquals(Set.of("extension", "name", "outboundNumber", "portalPassword"),
                    e.fields().stream().map(FieldError::name).collect(Collectors.toSet()));

            UserFields emergency = new UserFields();
            emergency.extension = Patch.of("112");
            emergency.name = Patch.of("Nope");
            assertEquals("extension", assertThrows(DomainException.class,
                    () -> f.provisioning.createUser(emergency)).fields().get(0).name());
            User u = f.user("101");
            assertEquals("pin", assertThrows(DomainException.class, () -> f.provisioning.setPin(u.id(), "12"))
                    .fields().get(0).name());
            assertEquals("pin", assertThrows(DomainException.class, () -> f.provisioning.setPin(u.id(), "123456789"))
                    .fields().get(0).name());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void secretsAreStoredHashedOnly(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User u = f.user("101", x -> x.portalPassword = Patch.of("correct horse"));
            String pin = f.provisioning.generatePin(u.id());
            assertTrue(pin.matches("[0-9]{6}"));
            f.device("desk1", u.id());
            String row = f.database.jdbc().queryOne("SELECT portal_password_hash, hotdesk_pin_hash FROM users WHERE id = ?",
                    rs -> rs.getString(1) + "|" + rs.getString(2), u.id().value()).orElseThrow();
            assertFalse(row.contains("correct horse"));
            assertFalse(row.contains(pin));
            String ha1 = f.database.jdbc().queryOne("SELECT sip_ha1_md5 FROM devices", rs -> rs.getString(1)).orElseThrow();
            assertEquals(DigestAlgorithm.MD5.ha1("desk1", CoreFixture.REALM, "secret-desk1"), ha1);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void usersDevicesBindingsAndModesSurviveARestart(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User a = f.user("101");
            User b = f.user("102", x -> {
                x.telecommuterAllowed = Patch.of(true);
                x.telecommuterNumber = Patch.of("+31612345678");
            });
            Device desk = f.device("desk1", a.id());
            Device hot = f.device("hot1", null);
            f.hotdesk.login(hot.id(), a.id(), LoginMethod.FEATURE_CODE);
            f.modes.setMode(b.id(), UserMode.TELECOMMUTER, null);

            f.restart();

            assertEquals(2, f.view.userCount());
            assertEquals(2, f.view.deviceCount());
            assertEquals(hot.id(), f.view.loginOfUser(a.id()).map(DeviceLogin::deviceId).orElseThrow());
            assertTrue(f.view.loginOnDevice(desk.id()).isEmpty());
            assertEquals(UserMode.TELECOMMUTER, f.view.modeOf(f.view.user(b.id()).orElseThrow()));
            assertEquals(desk.id(), f.view.baseDeviceOf(a.id()).orElseThrow());
            assertTrue(f.view.credentials("desk1").isPresent());
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void deletingALoggedInUserOrDeviceCleansUp(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User owner = f.user("101");
            User guest = f.user("102");
            Device desk = f.device("desk1", owner.id());
            f.hotdesk.login(desk.id(), guest.id(), LoginMethod.FEATURE_CODE);
            f.provisioning.deleteUser(guest.id());
            assertEquals(owner.id(), f.view.loginOnDevice(desk.id()).orElseThrow().userId(), "back to the owner");
            f.provisioning.deleteUser(owner.id());
            assertTrue(f.view.loginOnDevice(desk.id()).isEmpty());
            assertEquals(null, f.view.device(desk.id()).orElseThrow().assignedUserId());
            Device other = f.device("desk2", null);
            f.provisioning.deleteDevice(other.id());
            assertTrue(f.view.deviceBySipUsername("desk2").isEmpty());
            assertNotEquals(0, f.view.deviceCount());
        }
    }
}
