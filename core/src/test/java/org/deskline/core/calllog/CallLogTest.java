package org.deskline.core.calllog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deskline.core.call.CallDirection;
import org.deskline.core.call.CallId;
import org.deskline.core.call.CallRole;
import org.deskline.core.call.CallTracker;
import org.deskline.core.call.EndReason;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.persistence.Database;
import org.deskline.core.persistence.DatabaseConfig;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the call log keeps of a call, through the database and back, on H2 and on PostgreSQL. */
class CallLogTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void whetherTheUserCalledOrWasCalledSurvivesTheRoundTrip(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind); CallLog log = new CallLog(f.database.jdbc())) {
            User ann = f.user("101");
            User ben = f.user("102");
            CallTracker tracker = new CallTracker(f.bus, log, f.clock);
            // Ann calls Ben and gives up while it rings: one call, Ann its caller, Ben its callee.
            CallId internal = CallId.random();
            tracker.open(internal, ann.id(), CallDirection.INTERNAL, CallRole.CALLER, "102", "User 102", "102",
                    () -> { }).ended(EndReason.CANCELLED);
            tracker.open(internal, ben.id(), CallDirection.INTERNAL, CallRole.CALLEE, "101", "User 101", "102",
                    () -> { }).ended(EndReason.CANCELLED);
            CallId inbound = CallId.random();
            tracker.open(inbound, ann.id(), CallDirection.INBOUND, CallRole.CALLEE, "+31201234567", null,
                    "+31201110101", () -> { }).ended(EndReason.NO_ANSWER);
            CallId outbound = CallId.random();
            tracker.open(outbound, ann.id(), CallDirection.OUTBOUND, CallRole.CALLER, "0612345678", null,
                    "0612345678", () -> { }).ended(EndReason.NO_ANSWER);
            log.flush();

            assertEquals(Map.of(internal, CallRole.CALLER, inbound, CallRole.CALLEE, outbound, CallRole.CALLER),
                    roles(log, ann.id()));
            assertEquals(Map.of(internal, CallRole.CALLEE), roles(log, ben.id()));
            CallLog.Entry atBen = log.recent(ben.id(), 1, null).get(0);
            assertTrue(atBen.call().incoming());
            assertEquals(CallDirection.INTERNAL, atBen.call().direction());
            assertEquals(EndReason.CANCELLED, atBen.call().endReason());
        }
    }

    /** Lines written before the log knew who called: inbound is incoming, internal when dialled to the user. */
    @ParameterizedTest
    @MethodSource("kinds")
    void linesLoggedBeforeTheUpgradeAreIncomingWhenTheyReachedTheUser(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DatabaseConfig c = db.config();
            Flyway.configure().dataSource(c.jdbcUrl(), c.user(), c.password()).locations("classpath:db/migration")
                    .target("2").load().migrate();
            long ann;
            try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.user(), c.password());
                    Statement s = conn.createStatement()) {
                s.execute("INSERT INTO users (extension, name, created_at) VALUES ('101', 'Ann', CURRENT_TIMESTAMP)");
                try (ResultSet rs = s.executeQuery("SELECT id FROM users WHERE extension = '101'")) {
                    rs.next();
                    ann = rs.getLong(1);
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO call_log (call_id, user_id, direction, "
                        + "peer_number, dialed_number, created_at, ended_at, end_reason) "
                        + "VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'cancelled')")) {
                    for (String[] row : new String[][] {
                            {"from-outside", "inbound", "+31201234567", "+31201110101"},
                            {"to-outside", "outbound", "0612345678", "0612345678"},
                            {"ann-called-ben", "internal", "102", "102"},
                            {"ben-called-ann", "internal", "102", "101"}}) {
                        ps.setString(1, row[0]);
                        ps.setLong(2, ann);
                        ps.setString(3, row[1]);
                        ps.setString(4, row[2]);
                        ps.setString(5, row[3]);
                        ps.executeUpdate();
                    }
                }
            }

            Database upgraded = db.open();
            try (CallLog log = new CallLog(upgraded.jdbc())) {
                assertEquals(Map.of(new CallId("from-outside"), CallRole.CALLEE,
                        new CallId("to-outside"), CallRole.CALLER,
                        new CallId("ann-called-ben"), CallRole.CALLER,
                        new CallId("ben-called-ann"), CallRole.CALLEE), roles(log, new UserId(ann)));
            }
        }
    }

    private static Map<CallId, CallRole> roles(CallLog log, UserId user) {
        return log.recent(user, 50, null).stream()
                .collect(Collectors.toMap(e -> e.call().callId(), e -> e.call().role()));
    }
}
