package org.deskline.core.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.event.EventBus;
import org.deskline.core.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to change the directory, its hot-desk bindings and user modes: run a database
 * transaction, then, once it has committed, apply the same change to the {@link DirectoryView} and
 * publish its events.
 *
 * <p>Threading: changes are serialised by one lock so that the view is updated in commit order. They
 * are human-paced (an administrator's form, a {@code *35} call, a mode switch) and never taken on the
 * call path, which only reads the view. Invariants do not rest on this lock: the database constraints
 * hold them even against other writers. Blocking: never call from a SIP stack thread.
 */
public final class DirectoryWriter {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWriter.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Jdbc jdbc;
    private final DirectoryView view;
    private final EventBus events;
    private final Clock clock;

    public DirectoryWriter(Jdbc jdbc, DirectoryView view, EventBus events, Clock clock) {
        this.jdbc = jdbc;
        this.view = view;
        this.events = events;
        this.clock = clock;
    }

    /** The work of one change; it may run more than once if the database asks for a retry. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /**
     * One transaction in progress: its connection, and the view changes and events to apply once it
     * has committed (discarded if it rolls back).
     */
    public static final class Tx {
        private final Connection connection;
        private final Instant now;
        private final List<Runnable> viewChanges = new ArrayList<>();
        private final List<DomainEvent> events = new ArrayList<>();
        private final Set<UserId> touched = new LinkedHashSet<>();
        private final DirectoryView view;

        private Tx(Connection connection, Instant now, DirectoryView view) {
            this.connection = connection;
            this.now = now;
            this.view = view;
        }

        public Connection connection() {
            return connection;
        }

        /** The time of this change, the same for everything it records. */
        public Instant now() {
            return now;
        }

        public void putUser(User user) {
            touched.add(user.id());
            viewChanges.add(() -> view.putUser(user));
        }

        public void removeUser(UserId id) {
            viewChanges.add(() -> view.removeUser(id));
        }

        public void putDevice(Device device, SipCredentials credentials) {
            viewChanges.add(() -> view.putDevice(device, credentials));
        }

        public void removeDevice(DeviceId id) {
            viewChanges.add(() -> view.removeDevice(id));
        }

        public void putLogin(DeviceLogin login) {
            touched.add(login.userId());
            viewChanges.add(() -> view.putLogin(login));
        }

        public void removeLogin(DeviceId device, UserId user) {
            touched.add(user);
            viewChanges.add(() -> view.removeLogin(device));
        }

        public void publish(DomainEvent event) {
            events.add(event);
        }
    }

    public <T> T write(Work<T> work) {
        lock.lock();
        try {
            Tx[] committed = new Tx[1];
            T result = jdbc.inTransaction(c -> {
                Tx tx = new Tx(c, clock.instant(), view);
                T r = work.run(tx);
                committed[0] = tx;
                return r;
            });
            Tx tx = committed[0];
            Map<UserId, Placement> before = new HashMap<>();
            tx.touched.forEach(id -> before.put(id, Placement.of(view, id)));
            tx.viewChanges.forEach(Runnable::run);
            tx.events.forEach(events::publish);
            for (UserId id : tx.touched) {
                Placement after = Placement.of(view, id);
                if (after != null && before.get(id) != null && !after.equals(before.get(id))) {
                    log.info("{} mode {} -> {}", id, before.get(id), after);
                    events.publish(new ModeChangedEvent(id, after.mode(), after.deviceId(), after.telecommuterNumber(),
                            tx.now()));
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Fills the view from the database; called once at start, before SIP and HTTP open. */
    public void loadView() {
        lock.lock();
        try {
            jdbc.inTransaction(c -> {
                view.clear();
                for (User u : DirectoryRepository.allUsers(c)) {
                    view.putUser(u);
                }
                for (DirectoryRepository.DeviceRow d : DirectoryRepository.allDevices(c)) {
                    view.putDevice(d.device(), d.credentials());
                }
                for (DeviceLogin l : DirectoryRepository.allLogins(c)) {
                    view.putLogin(l);
                }
                return null;
            });
            log.info("Directory loaded: {} users, {} devices, {} logins",
                    view.userCount(), view.deviceCount(), view.logins().size());
        } finally {
            lock.unlock();
        }
    }

    public DirectoryView view() {
        return view;
    }

    /** Where a user's calls go: what {@code mode_changed} reports when it changes. */
    private record Placement(UserMode mode, DeviceId deviceId, String telecommuterNumber) {
        static Placement of(DirectoryView view, UserId id) {
            User u = view.user(id).orElse(null);
            if (u == null) {
                return null;
            }
            UserMode mode = view.modeOf(u);
            DeviceId device = view.loginOfUser(id).map(DeviceLogin::deviceId).orElse(null);
            return new Placement(mode, device, mode == UserMode.TELECOMMUTER ? u.telecommuterNumber() : null);
        }

        @Override
        public String toString() {
            return mode.wireName() + (deviceId != null ? " on " + deviceId : "");
        }
    }

    public Clock clock() {
        return clock;
    }
}
