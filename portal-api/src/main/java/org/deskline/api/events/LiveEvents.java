package org.deskline.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.deskline.api.PortalApplication;
import org.deskline.api.json.JsonMapper;
import org.deskline.core.access.SessionService;
import org.deskline.core.directory.UserId;
import org.deskline.core.event.DomainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events of {@code /api/v1/events}: keeps every open connection by user, and fans each domain
 * event out to the connections of its audience, never to anyone else. Events meant for the directory
 * (presence) also go to the connections that subscribed to directory presence — at connect with
 * {@code ?directory=true}, or later with a {@code subscribe} message — since one presence change sent
 * to every open portal is as many messages as there are connections.
 *
 * <p>Threading: {@link #accept} is an {@link org.deskline.core.event.EventBus} subscriber. It renders
 * an event to JSON once and hands the same string to each target connection's queue, so it never
 * waits for a socket; {@link Connection} writes on a small pool of writer threads. Sessions are
 * checked on a scheduler: each connection closes when its session expires, when it is signed out, and
 * at the next sweep when it was revoked otherwise.
 */
public final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    public static final String PATH = PortalApplication.BASE_PATH + "/events";

    private final SessionService sessions;
    private final EventMessages messages;
    private final EventsConfig config;
    private final Clock clock;
    private final Map<UserId, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Set<Connection> directoryWatchers = ConcurrentHashMap.newKeySet();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong tooSlow = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopped;

    public LiveEvents(SessionService sessions, EventMessages messages, EventsConfig config, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.config = config;
        this.clock = clock;
        this.writers = Executors.newFixedThreadPool(config.writerThreads(), daemon("events-writer"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("events-sessions"));
        long sweep = config.sessionSweep().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        sessions.addRevocationListener(this::signedOut);
    }

    /** The WebSocket endpoint to deploy: {@value #PATH}, bound to this instance. */
    public ServerEndpointConfig endpoint() {
        return ServerEndpointConfig.Builder.create(EventsEndpoint.class, PATH)
                .configurator(new EventsEndpoint.Handshake(this)).build();
    }

    /** Delivers one domain event; see the class comment. */
    public void accept(DomainEvent event) {
        if (stopped) {
            return;
        }
        Set<UserId> audience = event.audience();
        boolean directory = event.forDirectory() && !directoryWatchers.isEmpty();
        if (!directory && audience.stream().noneMatch(byUser::containsKey)) {
            return;
        }
        Optional<String> rendered = messages.render(event);
        if (rendered.isEmpty()) {
            return;
        }
        String message = rendered.get();
        for (UserId user : audience) {
            for (Connection c : byUser.getOrDefault(user, Set.of())) {
                deliver(c, message);
            }
        }
        if (directory) {
            for (Connection c : directoryWatchers) {
                if (!audience.contains(c.user)) {
                    deliver(c, message);
                }
            }
        }
    }

    private void deliver(Connection c, String message) {
        if (c.offer(message)) {
            delivered.incrementAndGet();
        } else if (!c.isClosing()) {
            tooSlow.incrementAndGet();
            log.info("Event connection of {} closed: more than {} events waiting", c.user, config.queueCapacity());
            close(c, CloseCodes.TOO_SLOW, "too slow: event queue overflowed");
        }
    }

    /** A socket opened: authenticates its token and registers it, or closes it with 4001 (4003 for the admin). */
    void opened(Session session, String token, boolean directory) {
        var s = stopped ? null : sessions.session(token).orElse(null);
        if (s == null) {
            closeNow(session, CloseCodes.UNAUTHENTICATED, "unauthenticated: sign in first");
            return;
        }
        UserId user = s.principal().userId();
        if (user == null) {
            closeNow(session, CloseCodes.USER_ONLY, "live events are for directory users");
            return;
        }
        Connection c = new Connection(session, user, token, s.expiresAt(), directory, config.queueCapacity(),
                writers);
        session.getUserProperties().put(Connection.class.getName(), c);
        all.add(c);
        byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(c);
        if (directory) {
            directoryWatchers.add(c);
        }
        long ttl = Math.max(0, Duration.between(clock.instant(), s.expiresAt()).toMillis());
        c.expiry(scheduler.schedule(() -> close(c, CloseCodes.UNAUTHENTICATED, "session expired"), ttl,
                TimeUnit.MILLISECONDS));
        log.debug("Event connection opened for {} (directory: {})", user, directory);
    }

    /** A client message: {@code {"action":"subscribe"|"unsubscribe","topic":"directory"}}. */
    void received(Session session, String text) {
        Connection c = connection(session);
        if (c == null) {
            return;
        }
        String action = null;
        String topic = null;
        try {
            JsonNode m = JsonMapper.mapper().readTree(text);
            action = m.path("action").asText(null);
            topic = m.path("topic").asText(null);
        } catch (IOException e) {
            // answered below
        }
        if ("directory".equals(topic) && ("subscribe".equals(action) || "unsubscribe".equals(action))) {
            boolean on = "subscribe".equals(action);
            c.watchDirectory(on);
            if (on) {
                directoryWatchers.add(c);
            } else {
                directoryWatchers.remove(c);
            }
            c.offer(reply(on ? "subscribed" : "unsubscribed", Map.of("topic", "directory")));
        } else {
            c.offer(reply("error", Map.of("errorId", "invalid-message",
                    "detail", "Send {\"action\":\"subscribe\"|\"unsubscribe\",\"topic\":\"directory\"}")));
        }
    }

    /** The socket closed, whoever closed it. */
    void closed(Session session) {
        Connection c = connection(session);
        if (c == null) {
            return;
        }
        c.closed();
        forget(c);
    }

    private void forget(Connection c) {
        all.remove(c);
        directoryWatchers.remove(c);
        byUser.computeIfPresent(c.user, (u, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    private void close(Connection c, int code, String phrase) {
        forget(c);
        if (!stopped) {
            writers.execute(() -> c.close(CloseCodes.reason(code, phrase)));
        }
    }

    private void signedOut(String token) {
        for (Connection c : all) {
            if (c.token.equals(token)) {
                close(c, CloseCodes.UNAUTHENTICATED, "signed out");
            }
        }
    }

    private void sweep() {
        try {
            for (Connection c : all) {
                if (sessions.session(c.token).isEmpty()) {
                    close(c, CloseCodes.UNAUTHENTICATED, "session ended");
                }
            }
        } catch (RuntimeException e) {
            log.warn("Session sweep of event connections failed", e);
        }
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(Connection.class.getName());
    }

    private static String reply(String event, Map<String, String> data) {
        try {
            return JsonMapper.mapper().writeValueAsString(new EventMessages.Envelope(event, data));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeNow(Session session, int code, String phrase) {
        try {
            session.close(CloseCodes.reason(code, phrase));
        } catch (IOException e) {
            log.debug("Closing a refused event connection: {}", e.toString());
        }
    }

    public int connectionCount() {
        return all.size();
    }

    /** Connections closed because their queue overflowed, since start. */
    public long tooSlowCount() {
        return tooSlow.get();
    }

    /** Messages queued for sending, since start. */
    public long deliveredCount() {
        return delivered.get();
    }

    /** Closes every connection with 1001 (going away), then stops the writer and session threads. */
    @Override
    public void close() {
        stopped = true;
        List<Connection> open = List.copyOf(all);
        for (Connection c : open) {
            forget(c);
            c.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping"));
        }
        scheduler.shutdownNow();
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Live events stopped ({} connections closed)", open.size());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
