package org.deskline.core.directory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deskline.core.persistence.Jdbc;

/** SQL for users, devices and device logins. Every method runs inside the caller's transaction. */
public final class DirectoryRepository {
    private static final String USER_COLUMNS = "id, extension, name, outbound_number, portal_password_hash, "
            + "hotdesk_allowed, hotdesk_pin_hash, telecommuter_allowed, telecommuter_number, routing_mode, "
            + "voicemail_enabled, call_waiting, callback_confirm, dial_permission, language";
    private static final String DEVICE_COLUMNS = "id, name, sip_username, sip_realm, sip_ha1_md5, sip_ha1_sha256, "
            + "hotdesk_enabled, assigned_user_id";

    private DirectoryRepository() {
    }

    /** A device with its credentials, as stored. */
    public record DeviceRow(Device device, SipCredentials credentials) {
    }

    // ---- users

    public static List<User> allUsers(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT " + USER_COLUMNS + " FROM users ORDER BY id", DirectoryRepository::user);
    }

    public static Optional<User> user(Connection c, UserId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + USER_COLUMNS + " FROM users WHERE id = ?",
                DirectoryRepository::user, id.value());
    }

    /** Reads the user and locks its row until the transaction ends: changes to one user are serialised. */
    public static Optional<User> lockUser(Connection c, UserId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + USER_COLUMNS + " FROM users WHERE id = ? FOR UPDATE",
                DirectoryRepository::user, id.value());
    }

    public static Optional<String> portalPasswordHash(Connection c, UserId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT portal_password_hash FROM users WHERE id = ?",
                rs -> rs.getString(1), id.value());
    }

    public static Optional<String> pinHash(Connection c, UserId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT hotdesk_pin_hash FROM users WHERE id = ?", rs -> rs.getString(1), id.value());
    }

    public static UserId insertUser(Connection c, User u, String passwordHash, Instant now) throws SQLException {
        long id = Jdbc.insert(c, "INSERT INTO users (extension, name, outbound_number, portal_password_hash, "
                        + "hotdesk_allowed, telecommuter_allowed, telecommuter_number, routing_mode, voicemail_enabled, "
                        + "call_waiting, callback_confirm, dial_permission, language, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                u.extension(), u.name(), u.outboundNumber(), passwordHash, u.hotdeskAllowed(),
                u.telecommuterAllowed(), u.telecommuterNumber(), u.routingMode(), u.voicemailEnabled(),
                u.callWaiting(), u.callbackConfirm(), u.dialPermission(), languageCode(u.language()), now);
        return new UserId(id);
    }

    /** Writes every non-secret field of the user. */
    public static void updateUser(Connection c, User u) throws SQLException {
        Jdbc.update(c, "UPDATE users SET extension = ?, name = ?, outbound_number = ?, hotdesk_allowed = ?, "
                        + "telecommuter_allowed = ?, telecommuter_number = ?, routing_mode = ?, voicemail_enabled = ?, "
                        + "call_waiting = ?, callback_confirm = ?, dial_permission = ?, language = ? WHERE id = ?",
                u.extension(), u.name(), u.outboundNumber(), u.hotdeskAllowed(), u.telecommuterAllowed(),
                u.telecommuterNumber(), u.routingMode(), u.voicemailEnabled(), u.callWaiting(), u.callbackConfirm(),
                u.dialPermission(), languageCode(u.language()), u.id().value());
    }

    public static void setPortalPasswordHash(Connection c, UserId id, String hash) throws SQLException {
        Jdbc.update(c, "UPDATE users SET portal_password_hash = ? WHERE id = ?", hash, id.value());
    }

    public static void setPinHash(Connection c, UserId id, String hash) throws SQLException {
        Jdbc.update(c, "UPDATE users SET hotdesk_pin_hash = ? WHERE id = ?", hash, id.value());
    }

    public static boolean deleteUser(Connection c, UserId id) throws SQLException {
        return Jdbc.update(c, "DELETE FROM users WHERE id = ?", id.value()) == 1;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(
                new UserId(rs.getLong("id")),
                rs.getString("extension"),
                rs.getString("name"),
                rs.getString("outbound_number"),
                rs.getString("portal_password_hash") != null,
                rs.getBoolean("hotdesk_allowed"),
                rs.getString("hotdesk_pin_hash") != null,
                rs.getBoolean("telecommuter_allowed"),
                rs.getString("telecommuter_number"),
                RoutingMode.valueOf(rs.getString("routing_mode").toUpperCase(Locale.ROOT)),
                rs.getBoolean("voicemail_enabled"),
                rs.getBoolean("call_waiting"),
                rs.getBoolean("callback_confirm"),
                DialPermission.valueOf(rs.getString("dial_permission").toUpperCase(Locale.ROOT)),
                Language.fromCode(rs.getString("language")).orElse(null));
    }

    private static String languageCode(Language l) {
        return l == null ? null : l.code();
    }

    // ---- devices

    public static List<DeviceRow> allDevices(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT " + DEVICE_COLUMNS + " FROM devices ORDER BY id", DirectoryRepository::deviceRow);
    }

    public static Optional<DeviceRow> device(Connection c, DeviceId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE id = ?",
                DirectoryRepository::deviceRow, id.value());
    }

    public static Optional<DeviceRow> lockDevice(Connection c, DeviceId id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE id = ? FOR UPDATE",
                DirectoryRepository::deviceRow, id.value());
    }

    public static Optional<DeviceRow> deviceOwnedBy(Connection c, UserId owner) throws SQLException {
        return Jdbc.queryOne(c, "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE assigned_user_id = ?",
                DirectoryRepository::deviceRow, owner.value());
    }

    public static DeviceId insertDevice(Connection c, Device d, SipCredentials creds, Instant now) throws SQLException {
        long id = Jdbc.insert(c, "INSERT INTO devices (name, sip_username, sip_realm, sip_ha1_md5, sip_ha1_sha256, "
                        + "hotdesk_enabled, assigned_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                d.name(), d.sipUsername(), creds.realm(), creds.ha1Md5(), creds.ha1Sha256(), d.hotdeskEnabled(),
                d.assignedUserId() == null ? null : d.assignedUserId().value(), now);
        return new DeviceId(id);
    }

    public static void updateDevice(Connection c, Device d, SipCredentials creds) throws SQLException {
        Jdbc.update(c, "UPDATE devices SET name = ?, sip_username = ?, sip_realm = ?, sip_ha1_md5 = ?, "
                        + "sip_ha1_sha256 = ?, hotdesk_enabled = ?, assigned_user_id = ? WHERE id = ?",
                d.name(), d.sipUsername(), creds.realm(), creds.ha1Md5(), creds.ha1Sha256(), d.hotdeskEnabled(),
                d.assignedUserId() == null ? null : d.assignedUserId().value(), d.id().value());
    }

    public static boolean deleteDevice(Connection c, DeviceId id) throws SQLException {
        return Jdbc.update(c, "DELETE FROM devices WHERE id = ?", id.value()) == 1;
    }

    private static DeviceRow deviceRow(ResultSet rs) throws SQLException {
        DeviceId id = new DeviceId(rs.getLong("id"));
        Long owner = Jdbc.nullableLong(rs, "assigned_user_id");
        Device d = new Device(id, rs.getString("name"), rs.getString("sip_username"),
                rs.getBoolean("hotdesk_enabled"), owner == null ? null : new UserId(owner));
        SipCredentials creds = new SipCredentials(id, d.sipUsername(), rs.getString("sip_realm"),
                rs.getString("sip_ha1_md5"), rs.getString("sip_ha1_sha256"));
        return new DeviceRow(d, creds);
    }

    // ---- device logins

    public static List<DeviceLogin> allLogins(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT device_id, user_id, since, method FROM device_logins",
                DirectoryRepository::login);
    }

    public static Optional<DeviceLogin> loginOnDevice(Connection c, DeviceId device) throws SQLException {
        return Jdbc.queryOne(c, "SELECT device_id, user_id, since, method FROM device_logins WHERE device_id = ?",
                DirectoryRepository::login, device.value());
    }

    public static Optional<DeviceLogin> loginOfUser(Connection c, UserId user) throws SQLException {
        return Jdbc.queryOne(c, "SELECT device_id, user_id, since, method FROM device_logins WHERE user_id = ?",
                DirectoryRepository::login, user.value());
    }

    public static void insertLogin(Connection c, DeviceLogin l) throws SQLException {
        Jdbc.update(c, "INSERT INTO device_logins (device_id, user_id, since, method) VALUES (?, ?, ?, ?)",
                l.deviceId().value(), l.userId().value(), l.since(), l.method());
    }

    public static boolean deleteLogin(Connection c, DeviceId device) throws SQLException {
        return Jdbc.update(c, "DELETE FROM device_logins WHERE device_id = ?", device.value()) == 1;
    }

    private static DeviceLogin login(ResultSet rs) throws SQLException {
        return new DeviceLogin(new DeviceId(rs.getLong("device_id")), new UserId(rs.getLong("user_id")),
                Jdbc.instant(rs, "since"), LoginMethod.fromWire(rs.getString("method")));
    }
}
