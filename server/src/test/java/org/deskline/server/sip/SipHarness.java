package org.deskline.server.sip;

import java.util.Optional;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;
import org.deskline.server.DesklineConfig;
import org.deskline.server.testing.TestServer;
import org.deskline.testkit.Await;
import org.deskline.testkit.sip.SipPhone;

/**
 * The whole server (its composition root, on free ports) with a fake PSTN gateway and a fake voicemail
 * system as in-JVM SIP phones, and helpers to provision users and phones and register them. Each test
 * uses its own extensions and phone names, so tests can share one harness.
 */
final class SipHarness implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(5);
    static final String PASSWORD = "sip-secret-";
    private static final AtomicInteger numbers = new AtomicInteger(2000);

    final SipPhone trunk;
    final SipPhone voicemail;
    final TestServer server;
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final List<SipPhone> phones = new ArrayList<>();

    private SipHarness(SipPhone trunk, SipPhone voicemail, TestServer server) {
        this.trunk = trunk;
        this.voicemail = voicemail;
        this.server = server;
        server.deskline().events().subscribe(events::add);
    }

    /** Trunk and voicemail wired in, 2 s ring timeout; {@code customise} may change more. */
    static SipHarness start(UnaryOperator<DesklineConfig> customise) throws Exception {
        return startOn(null, customise);
    }

    static SipHarness startOn(Path dataDir, UnaryOperator<DesklineConfig> customise) throws Exception {
        SipPhone trunk = SipPhone.start(SipPhone.options("gateway"));
        SipPhone voicemail = SipPhone.start(SipPhone.options("voicemail"));
        UnaryOperator<DesklineConfig> base = c -> c.withTrunk("sip:127.0.0.1:" + trunk.port())
                .withSip(s -> s.withVoicemailUri("sip:vm@127.0.0.1:" + voicemail.port()).withRingTimeout(Duration.ofSeconds(2)));
        try {
            TestServer server = dataDir == null ? TestServer.start(c -> customise.apply(base.apply(c)))
                    : TestServer.startOn(dataDir, c -> customise.apply(base.apply(c)));
            return new SipHarness(trunk, voicemail, server);
        } catch (Exception | Error e) {
            trunk.close();
            voicemail.close();
            throw e;
        }
    }

    int sipPort() {
        return server.config().sipPort();
    }

    /** {@code 127.0.0.1:port} of the server. */
    String registrar() {
        return "127.0.0.1:" + sipPort();
    }

    /** {@code sip:<number>@127.0.0.1:port}: what a phone dials. */
    String uri(String number) {
        return "sip:" + number + "@" + registrar();
    }

    /** A fresh extension nobody in this harness has used. */
    static String nextExtension() {
        return String.valueOf(numbers.incrementAndGet());
    }

    User user(String extension, Consumer<UserFields> customise) {
        UserFields f = new UserFields();
        f.extension = Patch.of(extension);
        f.name = Patch.of("User " + extension);
        f.hotdeskAllowed = Patch.of(true);
        f.dialPermission = Patch.of(DialPermission.NATIONAL);
        customise.accept(f);
        return server.deskline().provisioning().createUser(f);
    }

    User user(String extension) {
        return user(extension, f -> { });
    }

    Device device(String sipUsername, UserId owner) {
        DeviceFields f = new DeviceFields();
        f.name = Patch.of("Phone " + sipUsername);
        f.sipUsername = Patch.of(sipUsername);
        f.sipPassword = Patch.of(PASSWORD + sipUsername);
        f.hotdeskEnabled = Patch.of(true);
        f.assignedUserId = Patch.of(owner);
        return server.deskline().provisioning().createDevice(f);
    }

    /** A phone started for {@code sipUsername} (not registered). */
    SipPhone phone(String sipUsername, Consumer<SipPhone.Options> customise) {
        SipPhone.Options o = SipPhone.options(sipUsername).credentials(sipUsername, PASSWORD + sipUsername);
        customise.accept(o);
        SipPhone p = SipPhone.start(o);
        synchronized (phones) {
            phones.add(p);
        }
        return p;
    }

    /** A phone started and registered for {@code sipUsername}. */
    SipPhone registered(String sipUsername) {
        return registered(sipUsername, o -> { });
    }

    SipPhone registered(String sipUsername, Consumer<SipPhone.Options> customise) {
        SipPhone p = phone(sipUsername, customise);
        assertEquals(200, p.register(registrar(), sipUsername, PASSWORD + sipUsername, 300).status(), p.describe());
        return p;
    }

    /** A user with extension {@code ext} on their own registered desk phone {@code phone<ext>}. */
    Desk desk(String ext, Consumer<UserFields> customise) {
        User u = user(ext, customise);
        device("phone" + ext, u.id());
        return new Desk(u, registered("phone" + ext));
    }

    Desk desk(String ext) {
        return desk(ext, f -> { });
    }

    record Desk(User user, SipPhone phone) {
        String extension() {
            return user.extension();
        }
    }

    CallLog callLog() {
        return server.deskline().callLog();
    }

    /** The user's call log once it holds {@code n} calls (written behind, so waited for). */
    List<CallLog.Entry> callLog(UserId user, int n) {
        return Await.value(T, n + " call-log entries for " + user, () -> {
            callLog().flush();
            List<CallLog.Entry> entries = callLog().recent(user, 50, null);
            return entries.size() >= n ? Optional.of(entries) : Optional.empty();
        }, () -> callLog().recent(user, 50, null).toString());
    }

    /** Waits until no call or leg is left in the engine's registries. */
    void awaitNoCalls() {
        Await.until(T, "the call registry to be empty", () -> server.deskline().sip().calls().size() == 0,
                () -> "calls: " + server.deskline().sip().calls().all());
    }

    @Override
    public void close() {
        synchronized (phones) {
            phones.forEach(SipPhone::close);
        }
        server.close();
        trunk.close();
        voicemail.close();
    }
}
