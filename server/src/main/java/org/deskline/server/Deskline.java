package org.deskline.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.deskline.api.PortalServices;
import org.deskline.api.events.EventMessages;
import org.deskline.api.events.EventsConfig;
import org.deskline.api.events.LiveEvents;
import org.deskline.core.access.SessionService;
import org.deskline.core.call.CallTracker;
import org.deskline.core.calllog.CallLog;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.dialplan.NumberPlan;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.DirectoryWriter;
import org.deskline.core.event.EventBus;
import org.deskline.core.health.HealthIndicator;
import org.deskline.core.hotdesk.HotdeskConfig;
import org.deskline.core.hotdesk.HotdeskService;
import org.deskline.core.mode.ModeService;
import org.deskline.core.persistence.Database;
import org.deskline.core.persistence.DatabaseConfig;
import org.deskline.core.presence.PresenceService;
import org.deskline.core.provisioning.ProvisioningConfig;
import org.deskline.core.provisioning.ProvisioningService;
import org.deskline.core.registration.LocationService;
import org.deskline.core.security.PasswordHasher;
import org.deskline.sip.SipConfig;
import org.deskline.sip.SipEngine;
import org.deskline.sip.callback.CallbackConfig;
import org.deskline.sip.featurecode.FeatureCodeConfig;
import org.deskline.sip.featurecode.FeatureCodes;
import org.deskline.sip.media.MediaConfig;
import org.deskline.sip.media.MediaEndpoint;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.routing.FeatureCodeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every service with plain constructors, starts them in order
 * (database, directory, SIP, HTTP) and stops them in reverse order.
 */
public final class Deskline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deskline.class);

    private final DesklineConfig config;
    private final Deque<AutoCloseable> stopOrder = new ArrayDeque<>();
    private Database database;
    private ProvisioningService provisioning;
    private HotdeskService hotdesk;
    private ModeService modes;
    private CallTracker calls;
    private DialPlan dialPlan;
    private LocationService location;
    private EventBus events;
    private CallLog callLog;
    private SipEngine sip;
    private FeatureCodeService featureCodes = FeatureCodeService.UNAVAILABLE;
    private MediaEndpoint media;
    private PromptLibrary prompts;
    private HttpFrontend http;
    private PortalServices portal;
    private LiveEvents liveEvents;

    public Deskline(DesklineConfig config) {
        this.config = config;
    }

    /** Builds and starts a server; see {@link #startAll}. */
    public static Deskline start(DesklineConfig config, PrintStream console) throws Exception {
        Deskline d = new Deskline(config);
        d.startAll(console);
        return d;
    }

    /**
     * Starts every part in order. Secrets generated on first start (admin password, demo credentials)
     * are printed to {@code console}, never logged. On failure, what had started is stopped again.
     * {@link #close()} waits for a start in progress, so a stop signal during start is safe.
     */
    public synchronized void startAll(PrintStream console) throws Exception {
        try {
            startParts(console);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startParts(PrintStream console) throws Exception {
        Clock clock = Clock.systemUTC();
        PasswordHasher hasher = new PasswordHasher(config.passwordHashIterations());

        database = Database.open(databaseConfig());
        stopOrder.push(database);

        events = new EventBus();
        stopOrder.push(events);
        DirectoryView view = new DirectoryView();
        DirectoryWriter writer = new DirectoryWriter(database.jdbc(), view, events, clock);
        writer.loadView();

        provisioning = new ProvisioningService(writer, hasher,
                new ProvisioningConfig(config.sipRealm(), config.emergencyNumbers()));
        hotdesk = new HotdeskService(writer, database.jdbc(), hasher,
                new HotdeskConfig(config.hotdeskMaxFailures(), config.hotdeskLockout()));
        modes = new ModeService(writer);
        PresenceService presence = new PresenceService(database.jdbc(), events, clock);
        presence.load();
        events.subscribe(presence::onEvent);
        SessionService sessions = new SessionService(database.jdbc(), view, hasher, clock, config.sessionTtl());

        callLog = new CallLog(database.jdbc());
        stopOrder.push(callLog);
        calls = new CallTracker(events, callLog, clock);
        SipOptions so = config.sip();
        NumberPlan numbers = new NumberPlan(so.countryCode(), so.nationalPrefix(), so.internationalPrefix(),
                config.emergencyNumbers());
        dialPlan = new DialPlan(view, numbers, config.trunk() != null, so.voicemailUri() != null);
        location = new LocationService(database.jdbc(), so.registration(), clock, id -> view.device(id).isPresent());
        location.start();
        stopOrder.push(location);

        sessions.ensureAdmin(config.adminPassword()).ifPresent(pw -> FirstStart.printAdminPassword(console, pw));
        if (config.demo()) {
            new DemoDirectory(provisioning, database.jdbc()).seedOnce(console, config);
        }

        media = new MediaEndpoint(new MediaConfig(config.advertisedAddress(), config.bind(),
                config.media().rtpPortMin(), config.media().rtpPortMax()));
        media.start();
        stopOrder.push(media);
        prompts = PromptLibrary.fromClasspath();
        FeatureCodes codes = new FeatureCodes(hotdesk, media, prompts,
                FeatureCodeConfig.defaults(config.media().defaultLanguage()));
        stopOrder.push(codes);
        featureCodes = codes;

        TelecommuterOptions tele = config.telecommuter();
        sip = new SipEngine(sipConfig(), view, dialPlan, calls, location, featureCodes, media, prompts,
                new CallbackConfig(tele.minAnswer(), tele.confirmTimeout(), tele.officeNumber(), so.ringTimeout(),
                        so.maxCallLength(), config.media().defaultLanguage()));
        sip.start();
        stopOrder.push(sip);

        HealthIndicator db = new HealthIndicator() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public boolean isUp() {
                return database.isUp();
            }
        };
        http = new HttpFrontend(config.bind(), config.httpPort());
        portal = new PortalServices(provisioning, hotdesk, modes, presence, sessions, location,
                calls, callLog, sip.callControl(), events, List.of(db, sip, http), clock, version());
        liveEvents = new LiveEvents(sessions, new EventMessages(view), EventsConfig.defaults(), clock);
        events.subscribe(liveEvents::accept);
        http.start(portal, List.of(liveEvents.endpoint()));
        stopOrder.push(http);
        stopOrder.push(liveEvents);
        log.info("Deskline {} ready: portal http://{}:{}/ , SIP {}:{}", version(), config.bind(), http.port(),
                config.advertisedAddress(), config.sipPort());
    }

    private SipConfig sipConfig() {
        SipOptions so = config.sip();
        return new SipConfig(config.bind(), config.advertisedAddress(), config.sipPort(), config.sipRealm(),
                "deskline-" + config.sipPort(), config.trunk(), so.trunkSources(), so.voicemailUri(), so.ringTimeout(),
                so.maxCallLength(), so.nonceTtl(), SipConfig.algorithms(so.digestAlgorithms()), so.authBanFailures(), so.authBanWindow(),
                so.authBanTime(), so.sipThreads(), so.maxMessageSize(), so.queueLimit());
    }

    private DatabaseConfig databaseConfig() throws Exception {
        if (config.jdbcUrl() != null && !config.jdbcUrl().isBlank()) {
            return new DatabaseConfig(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), 10);
        }
        Files.createDirectories(config.dataDir());
        return DatabaseConfig.embedded(config.dataDir());
    }

    public int httpPort() {
        return http.port();
    }

    public ProvisioningService provisioning() {
        return provisioning;
    }

    public HotdeskService hotdesk() {
        return hotdesk;
    }

    public ModeService modes() {
        return modes;
    }

    public CallTracker calls() {
        return calls;
    }

    public EventBus events() {
        return events;
    }

    public CallLog callLog() {
        return callLog;
    }

    public LocationService location() {
        return location;
    }

    /** Click-to-call, as the portal uses it. */
    public org.deskline.core.call.CallControl callControl() {
        return sip.callControl();
    }

    public SipEngine sip() {
        return sip;
    }

    public MediaEndpoint media() {
        return media;
    }

    public FeatureCodeService featureCodes() {
        return featureCodes;
    }

    public PortalServices portalServices() {
        return portal;
    }

    public LiveEvents liveEvents() {
        return liveEvents;
    }

    public static String version() {
        String v = Deskline.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Stops live events, HTTP, then SIP, then the event bus, then the database. Safe to call twice. */
    @Override
    public synchronized void close() {
        while (!stopOrder.isEmpty()) {
            AutoCloseable c = stopOrder.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", c.getClass().getSimpleName(), e);
            }
        }
    }
}
