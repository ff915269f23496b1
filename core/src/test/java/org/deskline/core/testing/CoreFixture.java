package org.deskline.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deskline.core.access.SessionService;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.DirectoryWriter;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.event.EventBus;
import org.deskline.core.hotdesk.HotdeskConfig;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.mode.ModeService;
import org.deskline.core.persistence.Database;
import org.deskline.core.provisioning.ProvisioningConfig;
import org.deskline.core.provisioning.ProvisioningService;
import org.deskline.core.security.PasswordHasher;

/**
 * The core services wired as the server wires them, on a test database, with a cheap password hash, a
 * clock the test controls and a record of every published event.
 */
public final class CoreFixture implements AutoCloseable {
    public static final String REALM = "deskline.test";

    public final TestDatabase db;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    public final PasswordHasher hasher = new PasswordHasher(1_000);
    public final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    public Database database;
    public EventBus bus;
    public DirectoryView view;
    public DirectoryWriter writer;
    public ProvisioningService provisioning;
    public HotdeskService hotdesk;
    public ModeService modes;
    public SessionService sessions;

    public CoreFixture(TestDatabase.Kind kind) {
        this.db = TestDatabase.create(kind);
        start();
    }

    /** Opens the database and builds the services; {@link #restart()} does it again on the same data. */
    private void start() {
        database = db.open();
        bus = new EventBus();
        bus.subscribe(events::add);
        view = new DirectoryView();
        writer = new DirectoryWriter(database.jdbc(), view, bus, clock);
        writer.loadView();
        provisioning = new ProvisioningService(writer, hasher, new ProvisioningConfig(REALM, Set.of("112", "911")));
        hotdesk = new HotdeskService(writer, database.jdbc(), hasher, HotdeskConfig.defaults());
        modes = new ModeService(writer);
        sessions = new SessionService(database.jdbc(), view, hasher, clock, Duration.ofHours(1));
    }

    /** Stops everything and starts again on the same database, as a server restart would. */
    public void restart() {
        bus.close();
        db.closePool();
        events.clear();
        start();
    }

    public User user(String extension) {
        return user(extension, f -> { });
    }

    public User user(String extension, java.util.function.Consumer<UserFields> customise) {
        UserFields f = new UserFields();
        f.extension = Patch.of(extension);
        f.name = Patch.of("User " + extension);
        f.hotdeskAllowed = Patch.of(true);
        customise.accept(f);
        return provisioning.createUser(f);
    }

    public Device device(String sipUsername, UserId owner) {
        DeviceFields f = new DeviceFields();
        f.name = Patch.of("Phone " + sipUsername);
        f.sipUsername = Patch.of(sipUsername);
        f.sipPassword = Patch.of("secret-" + sipUsername);
        f.hotdeskEnabled = Patch.of(true);
        f.assignedUserId = Patch.of(owner);
        return provisioning.createDevice(f);
    }

    /** The events of that name published so far, after the bus has delivered what was queued. */
    public List<DomainEvent> events(String name) {
        drain();
        List<DomainEvent> out = new ArrayList<>();
        for (DomainEvent e : events) {
            if (e.name().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    public void drain() {
        if (!bus.awaitDelivered(Duration.ofSeconds(5))) {
            throw new AssertionError("events not delivered within 5 s");
        }
    }

    @Override
    public void close() throws Exception {
        bus.close();
        db.close();
    }
}
