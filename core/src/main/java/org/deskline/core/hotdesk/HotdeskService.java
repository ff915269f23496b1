package org.deskline.core.hotdesk;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.DirectoryWriter;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.security.PasswordHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot desking: PIN checks with lockout, and logins and logouts on devices.
 *
 * <p>Blocking (database, slow hashes): call from a worker thread, never from a SIP stack thread.
 */
public final class HotdeskService {
    private static final Logger log = LoggerFactory.getLogger(HotdeskService.class);
    private static final int MAX_TRACKED_UNKNOWN = 10_000;

    private final DirectoryWriter writer;
    private final Jdbc jdbc;
    private final PasswordHasher hasher;
    private final HotdeskConfig config;
    /** Failures on extensions that do not exist, so that they lock like real ones and reveal nothing. */
    private final Map<String, PinLock> unknownExtensions = new ConcurrentHashMap<>();

    public HotdeskService(DirectoryWriter writer, Jdbc jdbc, PasswordHasher hasher, HotdeskConfig config) {
        this.writer = writer;
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.config = config;
    }

    public DirectoryView view() {
        return writer.view();
    }

    /** Checks an extension and PIN as typed on a phone, counting failures per user. */
    public PinCheck checkPin(String extension, String pin) {
        Instant now = writer.clock().instant();
        Optional<User> found = writer.view().userByExtension(extension);
        if (found.isEmpty()) {
            hasher.burn(pin);
            return unknownFailure(extension, now);
        }
        User user = found.get();
        PinLock lock = lockOf(user.id()).orElse(null);
        if (lock != null && lock.lockedAt(now)) {
            hasher.burn(pin);
            log.info("{} hot-desk PIN refused: locked until {}", user.id(), lock.lockedUntil());
            return new PinCheck.Locked();
        }
        String hash = jdbc.inTransaction(c -> DirectoryRepository.pinHash(c, user.id())).orElse(null);
        boolean ok = hash != null ? hasher.verify(pin, hash) : burnFalse(pin);
        if (!ok) {
            PinLock after = recordFailure(user.id(), now);
            log.warn("{} hot-desk PIN wrong ({} of {}){}", user.id(), after.failures(), config.maxFailures(),
                    after.lockedAt(now) ? ", locked until " + after.lockedUntil() : "");
            return new PinCheck.WrongPin();
        }
        if (lock != null) {
            clearLock(user.id());
        }
        return user.hotdeskAllowed() ? new PinCheck.Accepted(user) : new PinCheck.NotAllowed(user);
    }

    /**
     * Logs {@code user} in on {@code device} from a phone: the device must allow hot desking and the
     * user must be allowed to use it. Returns false if the user was already logged in there.
     */
    public boolean login(DeviceId deviceId, UserId userId, LoginMethod method) {
        return writer.write(tx -> {
            Device device = DirectoryRepository.device(tx.connection(), deviceId)
                    .orElseThrow(() -> DomainException.notFound("device-not-found", "No such device")).device();
            User user = DirectoryRepository.user(tx.connection(), userId)
                    .orElseThrow(() -> DomainException.notFound("user-not-found", "No such user"));
            if (!device.hotdeskEnabled()) {
                throw DomainException.forbidden("hotdesk-disabled", "Hot desking is not enabled on this device");
            }
            if (!user.hotdeskAllowed()) {
                throw DomainException.forbidden("hotdesk-not-allowed", "This user may not hot-desk");
            }
            return Logins.login(tx, device, user, method);
        });
    }

    /** Logs out whoever is on the device; returns who that was. */
    public Optional<User> logout(DeviceId deviceId, LoginMethod method, LogoutReason reason) {
        return writer.write(tx -> {
            Device device = DirectoryRepository.device(tx.connection(), deviceId)
                    .orElseThrow(() -> DomainException.notFound("device-not-found", "No such device")).device();
            return Logins.logout(tx, device, method, reason);
        });
    }

    public Optional<PinLock> lockOf(UserId user) {
        return jdbc.queryOne("SELECT failures, last_failure_at, locked_until FROM hotdesk_pin_failures WHERE user_id = ?",
                rs -> new PinLock(rs.getInt(1), Jdbc.instant(rs, "last_failure_at"), Jdbc.instant(rs, "locked_until")),
                user.value());
    }

    /** Every user's failure record, for listing users with one query. */
    public Map<UserId, PinLock> locks() {
        Map<UserId, PinLock> all = new java.util.HashMap<>();
        jdbc.query("SELECT user_id, failures, last_failure_at, locked_until FROM hotdesk_pin_failures", rs -> {
            all.put(new UserId(rs.getLong("user_id")), new PinLock(rs.getInt("failures"),
                    Jdbc.instant(rs, "last_failure_at"), Jdbc.instant(rs, "locked_until")));
            return null;
        });
        return all;
    }

    /** The administrator clears a user's failures and lock. */
    public void clearLock(UserId user) {
        if (jdbc.update("DELETE FROM hotdesk_pin_failures WHERE user_id = ?", user.value()) > 0) {
            log.info("{} hot-desk PIN failures cleared", user);
        }
    }

    /** The user's logins and logouts, newest first. */
    public List<HistoryEntry> history(UserId user, int limit) {
        return jdbc.query("SELECT at, action, device_id, device_name, method, reason FROM hotdesk_history "
                        + "WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                rs -> new HistoryEntry(Jdbc.instant(rs, "at"), rs.getString("action"),
                        new DeviceId(rs.getLong("device_id")), rs.getString("device_name"), rs.getString("method"),
                        rs.getString("reason")),
                user.value(), limit);
    }

    /** One line of the hot-desk history: who logged in or out where, when and how. */
    public record HistoryEntry(Instant at, String action, DeviceId deviceId, String deviceName, String method,
            String reason) {
    }

    private PinLock recordFailure(UserId user, Instant now) {
        return jdbc.inTransaction(c -> {
            Optional<PinLock> current = Jdbc.queryOne(c, "SELECT failures, last_failure_at, locked_until "
                            + "FROM hotdesk_pin_failures WHERE user_id = ? FOR UPDATE",
                    rs -> new PinLock(rs.getInt(1), Jdbc.instant(rs, "last_failure_at"), Jdbc.instant(rs, "locked_until")),
                    user.value());
            PinLock next = next(current.orElse(null), now);
            if (current.isPresent()) {
                Jdbc.update(c, "UPDATE hotdesk_pin_failures SET failures = ?, last_failure_at = ?, locked_until = ? "
                        + "WHERE user_id = ?", next.failures(), now, next.lockedUntil(), user.value());
            } else {
                insertFailure(c, user, next);
            }
            return next;
        });
    }

    private static void insertFailure(java.sql.Connection c, UserId user, PinLock next) throws SQLException {
        Jdbc.update(c, "INSERT INTO hotdesk_pin_failures (user_id, failures, last_failure_at, locked_until) "
                + "VALUES (?, ?, ?, ?)", user.value(), next.failures(), next.lastFailureAt(), next.lockedUntil());
    }

    /** The failure count after one more failure; an expired lock starts a fresh count. */
    private PinLock next(PinLock current, Instant now) {
        int failures = current == null || (current.lockedUntil() != null && !current.lockedAt(now))
                ? 1 : current.failures() + 1;
        Instant lockedUntil = failures >= config.maxFailures() ? now.plus(config.lockout()) : null;
        return new PinLock(failures, now, lockedUntil);
    }

    private PinCheck unknownFailure(String extension, Instant now) {
        if (unknownExtensions.size() >= MAX_TRACKED_UNKNOWN) {
            unknownExtensions.clear();
        }
        PinLock current = unknownExtensions.get(extension);
        if (current != null && current.lockedAt(now)) {
            return new PinCheck.Locked();
        }
        unknownExtensions.put(extension, next(current, now));
        return new PinCheck.WrongPin();
    }

    private boolean burnFalse(String pin) {
        hasher.burn(pin);
        return false;
    }
}
