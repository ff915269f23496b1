package org.deskline.core.registration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.persistence.Jdbc;

/** SQL for {@code sip_registrations}. Blocking: called by the location service's writer thread and at start. */
final class RegistrationStore {
    private static final int CALL_ID_MAX = 256;
    private static final int RECEIVED_MAX = 128;
    private static final int USER_AGENT_MAX = 256;

    private final Jdbc jdbc;

    RegistrationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Every binding still live at {@code now}, oldest first per device. */
    List<Binding> loadLive(Instant now) {
        return jdbc.query("SELECT device_id, contact_uri, call_id, cseq, registered_at, expires_at, received, "
                + "transport, user_agent FROM sip_registrations WHERE expires_at > ? "
                + "ORDER BY device_id, registered_at", rs -> {
                    Instant expires = Jdbc.instant(rs, "expires_at");
                    Instant since = Jdbc.instant(rs, "registered_at");
                    return new Binding(new DeviceId(rs.getLong("device_id")), rs.getString("contact_uri"),
                            rs.getString("call_id"), rs.getLong("cseq"), since == null ? now : since, expires,
                            rs.getString("received"), rs.getString("transport"), rs.getString("user_agent"));
                }, now);
    }

    int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM sip_registrations WHERE expires_at <= ?", now);
    }

    /**
     * Applies a batch in one transaction: every key named is deleted, then the bindings to keep are
     * inserted (delete-then-insert is the upsert both H2 and PostgreSQL understand).
     */
    void apply(Collection<BindingKey> deleted, Collection<Binding> upserted) {
        jdbc.inTransaction(c -> {
            delete(c, deleted);
            delete(c, upserted.stream().map(BindingKey::of).toList());
            insert(c, upserted);
            return null;
        });
    }

    private static void delete(Connection c, Collection<BindingKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM sip_registrations WHERE device_id = ? AND contact_uri = ?")) {
            for (BindingKey k : keys) {
                Jdbc.bind(ps, k.device().value(), k.contactUri());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insert(Connection c, Collection<Binding> bindings) throws SQLException {
        if (bindings.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sip_registrations (device_id, contact_uri, "
                + "call_id, cseq, registered_at, expires_at, received, transport, user_agent) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Binding b : bindings) {
                Jdbc.bind(ps, b.deviceId().value(), b.contactUri(), cut(b.callId(), CALL_ID_MAX), b.cseq(), b.since(),
                        b.expiresAt(), cut(b.received(), RECEIVED_MAX), b.transport(), cut(b.userAgent(), USER_AGENT_MAX));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** The primary key of a stored binding. */
    record BindingKey(DeviceId device, String contactUri) {
        static BindingKey of(Binding b) {
            return new BindingKey(b.deviceId(), b.contactUri());
        }
    }
}
