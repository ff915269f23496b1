package org.deskline.core.provisioning;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryRepository.DeviceRow;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.DirectoryWriter;
import org.deskline.core.directory.DirectoryWriter.Tx;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.RoutingMode;
import org.deskline.core.directory.SipCredentials;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.error.Validator;
import org.deskline.core.hotdesk.Logins;
import org.deskline.core.hotdesk.LogoutReason;
import org.deskline.core.mode.ModeRules;
import org.deskline.core.mode.ModeService;
import org.deskline.core.persistence.DataAccessException;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.security.PasswordHasher;
import org.deskline.core.security.Pins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator's use cases: users, devices, PINs. Validates every field and reports all problems
 * at once; uniqueness is left to the database constraints so that concurrent requests cannot break it.
 *
 * <p>Blocking: never call from a SIP stack thread.
 */
public final class ProvisioningService {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningService.class);
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");
    private static final Pattern SIP_USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MIN_PASSWORD = 8;

    private final DirectoryWriter writer;
    private final PasswordHasher hasher;
    private final ProvisioningConfig config;

    public ProvisioningService(DirectoryWriter writer, PasswordHasher hasher, ProvisioningConfig config) {
        this.writer = writer;
        this.hasher = hasher;
        this.config = config;
    }

    public DirectoryView view() {
        return writer.view();
    }

    public String sipRealm() {
        return config.sipRealm();
    }

    // ---- users

    public List<User> users() {
        return writer.view().users();
    }

    public User user(UserId id) {
        return writer.view().user(id).orElseThrow(ProvisioningService::userNotFound);
    }

    public User createUser(UserFields f) {
        Validator v = new Validator();
        v.notBlank(f.extension.orElse(null), "extension").notBlank(f.name.orElse(null), "name");
        validateUser(v, f);
        v.throwIfInvalid();
        String passwordHash = f.portalPassword.isPresent() && f.portalPassword.value() != null
                ? hasher.hash(f.portalPassword.value()) : null;
        User draft = new User(null, f.extension.value(), f.name.value().strip(), f.outboundNumber.orElse(null),
                passwordHash != null, f.hotdeskAllowed.orElse(false), false, f.telecommuterAllowed.orElse(false),
                f.telecommuterNumber.orElse(null), RoutingMode.DESK, f.voicemailEnabled.orElse(false),
                f.callWaiting.orElse(false), f.callbackConfirm.orElse(false),
                f.dialPermission.orElse(DialPermission.NATIONAL), f.language.orElse(null));
        User created = write(tx -> {
            UserId id = DirectoryRepository.insertUser(tx.connection(), draft, passwordHash, tx.now());
            User u = DirectoryRepository.user(tx.connection(), id).orElseThrow();
            tx.putUser(u);
            return u;
        });
        log.info("{} created: extension {}", created.id(), created.extension());
        return created;
    }

    public User updateUser(UserId id, UserFields f) {
        Validator v = new Validator();
        if (f.extension.isPresent()) {
            v.notBlank(f.extension.value(), "extension");
        }
        if (f.name.isPresent()) {
            v.notBlank(f.name.value(), "name");
        }
        validateUser(v, f);
        v.throwIfInvalid();
        String passwordHash = f.portalPassword.isPresent() && f.portalPassword.value() != null
                ? hasher.hash(f.portalPassword.value()) : null;
        User updated = write(tx -> {
            User cur = DirectoryRepository.lockUser(tx.connection(), id).orElseThrow(ProvisioningService::userNotFound);
            boolean telecommuterAllowed = f.telecommuterAllowed.orElse(cur.telecommuterAllowed());
            String number = f.telecommuterNumber.orElse(cur.telecommuterNumber());
            User next = new User(id, f.extension.orElse(cur.extension()),
                    f.name.isPresent() ? f.name.value().strip() : cur.name(),
                    f.outboundNumber.orElse(cur.outboundNumber()),
                    f.portalPassword.isPresent() ? passwordHash != null : cur.portalPasswordSet(),
                    f.hotdeskAllowed.orElse(cur.hotdeskAllowed()), cur.pinSet(), telecommuterAllowed, number,
                    cur.routingMode(), f.voicemailEnabled.orElse(cur.voicemailEnabled()),
                    f.callWaiting.orElse(cur.callWaiting()), f.callbackConfirm.orElse(cur.callbackConfirm()),
                    f.dialPermission.isPresent() && f.dialPermission.value() != null ? f.dialPermission.value()
                            : cur.dialPermission(),
                    f.language.orElse(cur.language()));
            if (cur.routingMode() == RoutingMode.TELECOMMUTER && !telecommuterAllowed) {
                next = ModeRules.endTelecommuter(tx, next);
                log.info("{} telecommuter -> no longer allowed -> desk", id);
            } else if (cur.routingMode() == RoutingMode.TELECOMMUTER && number == null) {
                throw DomainException.invalid("telecommuter.number", "is required while the user is in telecommuter mode");
            }
            DirectoryRepository.updateUser(tx.connection(), next);
            if (f.portalPassword.isPresent()) {
                DirectoryRepository.setPortalPasswordHash(tx.connection(), id, passwordHash);
            }
            tx.putUser(next);
            return next;
        });
        log.info("{} updated", id);
        return updated;
    }

    public void deleteUser(UserId id) {
        write(tx -> {
            User user = DirectoryRepository.lockUser(tx.connection(), id).orElseThrow(ProvisioningService::userNotFound);
            Logins.logoutUser(tx, user, LoginMethod.ADMIN, LogoutReason.DELETED);
            Optional<DeviceRow> base = DirectoryRepository.deviceOwnedBy(tx.connection(), id);
            DirectoryRepository.deleteUser(tx.connection(), id);
            if (base.isPresent()) {
                Device d = base.get().device();
                tx.putDevice(new Device(d.id(), d.name(), d.sipUsername(), d.hotdeskEnabled(), null),
                        base.get().credentials());
            }
            tx.removeUser(id);
            return null;
        });
        log.info("{} deleted", id);
    }

    /** Sets a PIN typed by the administrator; clears earlier failures. */
    public void setPin(UserId id, String pin) {
        if (!Pins.isValid(pin)) {
            throw DomainException.invalid("pin", Pins.RULE);
        }
        storePin(id, pin);
    }

    /** Generates a 6-digit PIN, stores its hash and returns it: the only time it is shown. */
    public String generatePin(UserId id) {
        String pin = Pins.generate();
        storePin(id, pin);
        return pin;
    }

    private void storePin(UserId id, String pin) {
        String hash = hasher.hash(pin);
        write(tx -> {
            User cur = DirectoryRepository.lockUser(tx.connection(), id).orElseThrow(ProvisioningService::userNotFound);
            DirectoryRepository.setPinHash(tx.connection(), id, hash);
            Jdbc.update(tx.connection(), "DELETE FROM hotdesk_pin_failures WHERE user_id = ?", id.value());
            User next = DirectoryRepository.user(tx.connection(), cur.id()).orElseThrow();
            tx.putUser(next);
            return null;
        });
        log.info("{} hot-desk PIN set", id);
    }

    private void validateUser(Validator v, UserFields f) {
        String ext = f.extension.orElse(null);
        v.matches(ext, EXTENSION, "extension", "must be 2 to 8 digits");
        v.require(ext == null || !config.reservedNumbers().contains(ext), "extension", "is an emergency number");
        v.maxLength(f.name.orElse(null), 100, "name");
        v.matches(f.outboundNumber.orElse(null), ModeService.PHONE_NUMBER, "outboundNumber",
                "must be a phone number: digits, optionally with a leading +");
        v.matches(f.telecommuterNumber.orElse(null), ModeService.PHONE_NUMBER, "telecommuter.number",
                "must be a phone number: digits, optionally with a leading +");
        String pw = f.portalPassword.orElse(null);
        v.require(pw == null || pw.length() >= MIN_PASSWORD, "portalPassword",
                "must be at least " + MIN_PASSWORD + " characters");
        v.maxLength(pw, 128, "portalPassword");
        v.require(!f.dialPermission.isPresent() || f.dialPermission.value() != null, "dialPermission",
                "must be one of internal, national, international");
        requireNonNull(v, f.hotdeskAllowed, "hotdesk.allowed");
        requireNonNull(v, f.telecommuterAllowed, "telecommuter.allowed");
        requireNonNull(v, f.voicemailEnabled, "voicemail.enabled");
        requireNonNull(v, f.callWaiting, "callWaiting");
        requireNonNull(v, f.callbackConfirm, "callbackConfirm");
    }

    private static void requireNonNull(Validator v, org.deskline.core.directory.Patch<Boolean> p, String field) {
        v.require(!p.isPresent() || p.value() != null, field, "must be true or false");
    }

    // ---- devices

    public List<Device> devices() {
        return writer.view().devices();
    }

    public Device device(DeviceId id) {
        return writer.view().device(id).orElseThrow(ProvisioningService::deviceNotFound);
    }

    public Device createDevice(DeviceFields f) {
        Validator v = new Validator();
        v.notBlank(f.name.orElse(null), "name").notBlank(f.sipUsername.orElse(null), "sipUsername")
                .notBlank(f.sipPassword.orElse(null), "sipPassword");
        validateDevice(v, f);
        v.throwIfInvalid();
        Device created = write(tx -> {
            UserId owner = f.assignedUserId.orElse(null);
            requireUser(tx, owner);
            Device draft = new Device(null, f.name.value().strip(), f.sipUsername.value(),
                    f.hotdeskEnabled.orElse(false), owner);
            SipCredentials draftCreds = SipCredentials.of(null, draft.sipUsername(), config.sipRealm(),
                    f.sipPassword.value());
            DeviceId id = DirectoryRepository.insertDevice(tx.connection(), draft, draftCreds, tx.now());
            DeviceRow row = DirectoryRepository.device(tx.connection(), id).orElseThrow();
            tx.putDevice(row.device(), row.credentials());
            Logins.fallBackToOwner(tx, row.device(), null);
            return row.device();
        });
        log.info("{} created: {} ({})", created.id(), created.name(), created.sipUsername());
        return created;
    }

    public Device updateDevice(DeviceId id, DeviceFields f) {
        Validator v = new Validator();
        if (f.name.isPresent()) {
            v.notBlank(f.name.value(), "name");
        }
        if (f.sipUsername.isPresent()) {
            v.notBlank(f.sipUsername.value(), "sipUsername");
        }
        if (f.sipPassword.isPresent()) {
            v.notBlank(f.sipPassword.value(), "sipPassword");
        }
        validateDevice(v, f);
        v.throwIfInvalid();
        Device updated = write(tx -> {
            DeviceRow cur = DirectoryRepository.lockDevice(tx.connection(), id)
                    .orElseThrow(ProvisioningService::deviceNotFound);
            UserId owner = f.assignedUserId.orElse(cur.device().assignedUserId());
            requireUser(tx, owner);
            Device next = new Device(id, f.name.isPresent() ? f.name.value().strip() : cur.device().name(),
                    f.sipUsername.orElse(cur.device().sipUsername()),
                    f.hotdeskEnabled.orElse(cur.device().hotdeskEnabled()), owner);
            SipCredentials creds;
            if (f.sipPassword.isPresent()) {
                creds = SipCredentials.of(id, next.sipUsername(), config.sipRealm(), f.sipPassword.value());
            } else if (!next.sipUsername().equals(cur.device().sipUsername())) {
                throw DomainException.invalid("sipPassword", "is required when sipUsername changes");
            } else {
                creds = cur.credentials();
            }
            DirectoryRepository.updateDevice(tx.connection(), next, creds);
            tx.putDevice(next, creds);
            Logins.fallBackToOwner(tx, next, null);
            return next;
        });
        log.info("{} updated", id);
        return updated;
    }

    public void deleteDevice(DeviceId id) {
        write(tx -> {
            DeviceRow cur = DirectoryRepository.lockDevice(tx.connection(), id)
                    .orElseThrow(ProvisioningService::deviceNotFound);
            Logins.evict(tx, cur.device(), LoginMethod.ADMIN, LogoutReason.DELETED);
            DirectoryRepository.deleteDevice(tx.connection(), id);
            tx.removeDevice(id);
            return null;
        });
        log.info("{} deleted", id);
    }

    private void validateDevice(Validator v, DeviceFields f) {
        v.maxLength(f.name.orElse(null), 100, "name");
        v.matches(f.sipUsername.orElse(null), SIP_USERNAME, "sipUsername",
                "must be 1 to 64 letters, digits, '.', '_' or '-'");
        String pw = f.sipPassword.orElse(null);
        v.require(pw == null || pw.length() >= MIN_PASSWORD, "sipPassword",
                "must be at least " + MIN_PASSWORD + " characters");
        v.maxLength(pw, 128, "sipPassword");
        requireNonNull(v, f.hotdeskEnabled, "hotdeskEnabled");
    }

    private static void requireUser(Tx tx, UserId id) throws SQLException {
        if (id != null && DirectoryRepository.user(tx.connection(), id).isEmpty()) {
            throw DomainException.invalid("assignedUserId", "no such user");
        }
    }

    // ---- errors

    private <T> T write(DirectoryWriter.Work<T> work) {
        try {
            return writer.write(work);
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(DataAccessException e) {
        if (!Jdbc.isUniqueViolation(e.sqlException())) {
            return e;
        }
        if (Jdbc.violates(e.sqlException(), "users_extension_uk")) {
            return DomainException.conflict("extension-taken", "Another user already has this extension");
        }
        if (Jdbc.violates(e.sqlException(), "users_outbound_number_uk")) {
            return DomainException.conflict("outbound-number-taken", "Another user already presents this number");
        }
        if (Jdbc.violates(e.sqlException(), "devices_sip_username_uk")) {
            return DomainException.conflict("sip-username-taken", "Another device already has this SIP username");
        }
        if (Jdbc.violates(e.sqlException(), "devices_assigned_user_uk")) {
            return DomainException.conflict("user-has-device", "This user is already assigned to another device");
        }
        return e;
    }

    private static DomainException userNotFound() {
        return DomainException.notFound("user-not-found", "No such user");
    }

    private static DomainException deviceNotFound() {
        return DomainException.notFound("device-not-found", "No such device");
    }
}
