package org.deskline.core.hotdesk;

import java.sql.SQLException;
import java.util.Optional;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryRepository.DeviceRow;
import org.deskline.core.directory.DirectoryWriter.Tx;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.RoutingMode;
import org.deskline.core.directory.User;
import org.deskline.core.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of who is logged in where, applied inside one directory transaction. Every change is
 * written to the bindings, the history and the view, and published as an event.
 *
 * <ul>
 *   <li>A user is logged in on at most one device, and a device carries at most one user.</li>
 *   <li>Logging in elsewhere moves the user; logging in on a device that carries another user replaces
 *       that user (Hot Identity Switch).</li>
 *   <li>A device a user leaves goes back to its owner when the owner is logged in nowhere and is not
 *       in telecommuter mode; an owner who leaves their own device leaves it empty.</li>
 *   <li>Logging in on a phone ends telecommuter mode: the user is at a desk again.</li>
 * </ul>
 *
 * Stateless; the caller holds the directory writer.
 */
public final class Logins {
    private static final Logger log = LoggerFactory.getLogger(Logins.class);

    private Logins() {
    }

    /**
     * Logs {@code user} in on {@code device}. Returns false, changing nothing, when the user is already
     * logged in there.
     */
    public static boolean login(Tx tx, Device device, User user, LoginMethod method) throws SQLException {
        var c = tx.connection();
        DirectoryRepository.lockDevice(c, device.id());
        User locked = DirectoryRepository.lockUser(c, user.id()).orElseThrow();
        Optional<DeviceLogin> onDevice = DirectoryRepository.loginOnDevice(c, device.id());
        if (onDevice.isPresent() && onDevice.get().userId().equals(user.id())) {
            return false;
        }
        if (onDevice.isPresent()) {
            User replaced = DirectoryRepository.lockUser(c, onDevice.get().userId()).orElseThrow();
            remove(tx, device, replaced, method, LogoutReason.REPLACED);
        }
        Optional<DeviceLogin> previous = DirectoryRepository.loginOfUser(c, user.id());
        Optional<DeviceRow> previousDevice = Optional.empty();
        if (previous.isPresent()) {
            previousDevice = DirectoryRepository.device(c, previous.get().deviceId());
            remove(tx, previousDevice.orElseThrow().device(), locked, method, LogoutReason.MOVED);
        }
        if (locked.routingMode() == RoutingMode.TELECOMMUTER) {
            User atDesk = locked.withRoutingMode(RoutingMode.DESK, locked.telecommuterNumber());
            DirectoryRepository.updateUser(c, atDesk);
            tx.putUser(atDesk);
            log.info("{} telecommuter -> hotdesk login -> desk", user.id());
        }
        add(tx, device, locked, method);
        if (previousDevice.isPresent()) {
            fallBackToOwner(tx, previousDevice.get().device(), locked);
        }
        return true;
    }

    /**
     * Logs out whoever is logged in on {@code device}, then gives the device back to its owner when
     * the rules allow. Returns the user who was logged out, if any.
     */
    public static Optional<User> logout(Tx tx, Device device, LoginMethod method, LogoutReason reason)
            throws SQLException {
        Optional<User> user = evict(tx, device, method, reason);
        if (user.isPresent()) {
            fallBackToOwner(tx, device, user.get());
        }
        return user;
    }

    /** Logs out whoever is on the device and leaves it empty (the device is going away). */
    public static Optional<User> evict(Tx tx, Device device, LoginMethod method, LogoutReason reason)
            throws SQLException {
        var c = tx.connection();
        DirectoryRepository.lockDevice(c, device.id());
        Optional<DeviceLogin> onDevice = DirectoryRepository.loginOnDevice(c, device.id());
        if (onDevice.isEmpty()) {
            return Optional.empty();
        }
        User user = DirectoryRepository.lockUser(c, onDevice.get().userId()).orElseThrow();
        remove(tx, device, user, method, reason);
        return Optional.of(user);
    }

    /** Logs the user out of whatever device carries them (with owner fallback); false if none did. */
    public static boolean logoutUser(Tx tx, User user, LoginMethod method, LogoutReason reason) throws SQLException {
        Optional<DeviceLogin> current = DirectoryRepository.loginOfUser(tx.connection(), user.id());
        if (current.isEmpty()) {
            return false;
        }
        Device device = DirectoryRepository.device(tx.connection(), current.get().deviceId()).orElseThrow().device();
        logout(tx, device, method, reason);
        return true;
    }

    /**
     * Gives an empty device to its owner if the owner is free: logged in nowhere and not in
     * telecommuter mode. {@code leaving} is the user who just left; an owner leaving their own device
     * leaves it empty.
     */
    public static void fallBackToOwner(Tx tx, Device device, User leaving) throws SQLException {
        var c = tx.connection();
        DeviceRow current = DirectoryRepository.device(c, device.id()).orElse(null);
        if (current == null || current.device().assignedUserId() == null) {
            return;
        }
        if (leaving != null && current.device().assignedUserId().equals(leaving.id())) {
            return;
        }
        User owner = DirectoryRepository.lockUser(c, current.device().assignedUserId()).orElse(null);
        if (owner == null || owner.routingMode() == RoutingMode.TELECOMMUTER) {
            return;
        }
        if (DirectoryRepository.loginOnDevice(c, device.id()).isPresent()
                || DirectoryRepository.loginOfUser(c, owner.id()).isPresent()) {
            return;
        }
        add(tx, current.device(), owner, LoginMethod.OWNER);
    }

    private static void add(Tx tx, Device device, User user, LoginMethod method) throws SQLException {
        DeviceLogin login = new DeviceLogin(device.id(), user.id(), tx.now(), method);
        DirectoryRepository.insertLogin(tx.connection(), login);
        history(tx, "login", device, user, method, method.wireName());
        tx.putLogin(login);
        tx.publish(new HotdeskLoginEvent(user.id(), user.extension(), device.id(), device.name(), method, tx.now()));
        log.info("{} ({}) logged in on {} ({}) by {}", user.id(), user.extension(), device.id(), device.name(),
                method.wireName());
    }

    private static void remove(Tx tx, Device device, User user, LoginMethod method, LogoutReason reason)
            throws SQLException {
        DirectoryRepository.deleteLogin(tx.connection(), device.id());
        history(tx, "logout", device, user, method, reason.wireName());
        tx.removeLogin(device.id(), user.id());
        tx.publish(new HotdeskLogoutEvent(user.id(), user.extension(), device.id(), device.name(), method, reason,
                tx.now()));
        log.info("{} ({}) logged out of {} ({}) by {}: {}", user.id(), user.extension(), device.id(), device.name(),
                method.wireName(), reason.wireName());
    }

    private static void history(Tx tx, String action, Device device, User user, LoginMethod method, String reason)
            throws SQLException {
        Jdbc.update(tx.connection(), "INSERT INTO hotdesk_history (at, action, user_id, extension, device_id, "
                        + "device_name, method, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                tx.now(), action, user.id().value(), user.extension(), device.id().value(), device.name(),
                method.wireName(), reason);
    }
}
