package org.deskline.core.calllog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallState;
import org.deskline.core.call.CallView;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.UserId;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.persistence.WriteBehind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every finished call, per user. Appending never blocks: records are queued and written in batches by
 * one writer thread, so the SIP path never waits for the database.
 */
public final class CallLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallLog.class);
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 500;

    private final Jdbc jdbc;
    private final WriteBehind<CallView> writer;
    private final AtomicLong written = new AtomicLong();

    /** One line of the call log. */
    public record Entry(long id, CallView call) {
    }

    public CallLog(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.writer = new WriteBehind<>("call-log", CAPACITY, BATCH, this::write);
    }

    /** Queues a finished call for writing. */
    public void append(CallView call) {
        writer.offer(call);
    }

    /** The user's finished calls, newest first; {@code beforeId} pages back (null for the newest). */
    public List<Entry> recent(UserId user, int limit, Long beforeId) {
        String sql = "SELECT id, call_id, user_id, direction, incoming, peer_number, peer_name, dialed_number, "
                + "redirected_to, created_at, answered_at, ended_at, end_reason FROM call_log WHERE user_id = ?"
                + (beforeId != null ? " AND id < ?" : "") + " ORDER BY id DESC LIMIT ?";
        Object[] params = beforeId != null ? new Object[] {user.value(), beforeId, limit}
                : new Object[] {user.value(), limit};
        return jdbc.query(sql, rs -> new Entry(rs.getLong("id"), new CallView(new CallId(rs.getString("call_id")),
                new UserId(rs.getLong("user_id")),
                CallDirection.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
                rs.getBoolean("incoming") ? CallRole.CALLEE : CallRole.CALLER, CallState.ENDED,
                rs.getString("peer_number"), rs.getString("peer_name"), rs.getString("dialed_number"),
                rs.getString("redirected_to"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "answered_at"),
                Jdbc.instant(rs, "ended_at"), EndReason.valueOf(rs.getString("end_reason").toUpperCase(Locale.ROOT)))),
                params);
    }

    /** Waits until everything appended so far is written; for tests and shutdown. */
    public void flush() {
        writer.flush();
    }

    public long droppedCount() {
        return writer.droppedCount();
    }

    public long writtenCount() {
        return written.get();
    }

    /** Writes a batch in one transaction; if that fails (a user deleted meanwhile), row by row. */
    private void write(List<CallView> batch) {
        try {
            jdbc.inTransaction(c -> {
                insert(c, batch);
                return null;
            });
            written.addAndGet(batch.size());
        } catch (RuntimeException batchFailed) {
            for (CallView v : batch) {
                try {
                    jdbc.inTransaction(c -> {
                        insert(c, List.of(v));
                        return null;
                    });
                    written.incrementAndGet();
                } catch (RuntimeException e) {
                    log.warn("Call {} of {} not logged: {}", v.callId(), v.userId(), e.getMessage());
                }
            }
        }
    }

    private static void insert(Connection c, List<CallView> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_log (call_id, user_id, direction, incoming, "
                + "peer_number, peer_name, dialed_number, redirected_to, created_at, answered_at, ended_at, end_reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CallView v : batch) {
                Jdbc.bind(ps, v.callId().value(), v.userId().value(), v.direction(), v.incoming(),
                        truncate(v.peerNumber(), 64), truncate(v.peerName(), 100), truncate(v.dialedNumber(), 64),
                        truncate(v.redirectedTo(), 64),
                        v.createdAt(), v.answeredAt(), v.endedAt(), v.endReason() == null ? EndReason.FAILED : v.endReason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        writer.close();
    }
}
