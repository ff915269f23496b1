package org.deskline.core.hotdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceLogin;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.User;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A user is logged in on at most one device and a device carries at most one user" holds under
 * concurrency: in the database itself (two raw transactions racing) and through the service.
 */
class ConcurrentLoginTest {

    static List<TestDatabase.Kind> kinds() {
        return TestDatabase.kinds();
    }

    private static long count(CoreFixture f, String where, long id) {
        return f.database.jdbc().queryOne("SELECT COUNT(*) FROM device_logins WHERE " + where + " = ?",
                rs -> rs.getLong(1), id).orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void twoRawTransactionsCannotBothBindOneUser(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User u = f.user("101");
            Device d1 = f.device("hot1", null);
            Device d2 = f.device("hot2", null);
            List<Exception> failures = race(f,
                    c -> insert(c, d1.id().value(), u.id().value()),
                    c -> insert(c, d2.id().value(), u.id().value()));
            assertEquals(1, failures.size(), "exactly one transaction loses: " + failures);
            assertEquals(1, count(f, "user_id", u.id().value()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void twoRawTransactionsCannotBindTwoUsersToOneDevice(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User a = f.user("101");
            User b = f.user("102");
            Device d = f.device("hot1", null);
            List<Exception> failures = race(f,
                    c -> insert(c, d.id().value(), a.id().value()),
                    c -> insert(c, d.id().value(), b.id().value()));
            assertEquals(1, failures.size(), "exactly one transaction loses: " + failures);
            assertEquals(1, count(f, "device_id", d.id().value()));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void twoConcurrentLoginsOfOneUserLeaveExactlyOneBinding(TestDatabase.Kind kind) throws Exception {
        try (CoreFixture f = new CoreFixture(kind)) {
            User u = f.user("101");
            Device d1 = f.device("hot1", null);
            Device d2 = f.device("hot2", null);
            for (int round = 0; round < 10; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                Future<?> one = pool.submit(() -> {
                    start.await();
                    return f.hotdesk.login(d1.id(), u.id(), LoginMethod.FEATURE_CODE);
                });
                Future<?> two = pool.submit(() -> {
                    start.await();
                    return f.hotdesk.login(d2.id(), u.id(), LoginMethod.FEATURE_CODE);
                });
                one.get(10, TimeUnit.SECONDS);
                two.get(10, TimeUnit.SECONDS);
                pool.shutdown();
                assertEquals(1, count(f, "user_id", u.id().value()));
                long dbDevice = f.database.jdbc().queryOne("SELECT device_id FROM device_logins WHERE user_id = ?",
                        rs -> rs.getLong(1), u.id().value()).orElseThrow();
                assertEquals(dbDevice, f.view.loginOfUser(u.id()).map(DeviceLogin::deviceId).orElseThrow().value(),
                        "the view agrees with the database");
            }
        }
    }

    @FunctionalInterface
    interface TxBody {
        void run(Connection c) throws SQLException;
    }

    /** Runs both bodies in their own transactions, started together; returns the failures. */
    private static List<Exception> race(CoreFixture f, TxBody first, TxBody second) throws Exception {
        CyclicBarrier inserted = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Exception>> results = new ArrayList<>();
        for (TxBody body : List.of(first, second)) {
            results.add(pool.submit(() -> {
                try (Connection c = f.database.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    try {
                        inserted.await(5, TimeUnit.SECONDS);
                        body.run(c);
                        c.commit();
                        return null;
                    } catch (SQLException e) {
                        c.rollback();
                        return e;
                    }
                }
            }));
        }
        List<Exception> failures = new ArrayList<>();
        for (Future<Exception> r : results) {
            Exception e = r.get(30, TimeUnit.SECONDS);
            if (e != null) {
                failures.add(e);
            }
        }
        pool.shutdown();
        return failures;
    }

    private static void insert(Connection c, long device, long user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_logins (device_id, user_id, since, method) VALUES (?, ?, ?, 'feature_code')")) {
            ps.setLong(1, device);
            ps.setLong(2, user);
            ps.setObject(3, OffsetDateTime.now());
            ps.executeUpdate();
        }
    }
}
