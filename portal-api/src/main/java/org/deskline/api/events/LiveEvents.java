package org.deskline.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * (presence) also go to the connections that subscribed to them — to the whole directory
 * ({@code ?directory=true}, or a {@code subscribe} message), or to chosen colleagues
 * ({@code ?presence=12,15}, or a {@code subscribe} message with their ids) — since one presence change
 * sent to every open portal is as many messages as there are connections.
 *
 * <p>Threading: {@link #accept} is an {@link org.deskline.core.event.EventBus} subscriber. It renders
 * an event to JSON once and hands the same string to each {@link Lane} (a writer thread with its share
 * of the connections) as one task, so it never waits for a socket and costs the bus thread the same for
 * ten connections or ten thousand. Sessions are checked on a scheduler: each connection closes when its
 * session expires, when it is signed out, and within a sweep period when it was revoked otherwise.
 *
 * <p>Each connection is pinged every {@link EventsConfig#heartbeat()}; one that answers nothing for three
 * heartbeats (a peer gone without closing) is closed.
 *
 * <p>When a lane falls behind, a directory event (presence) still waiting there is skipped if a newer one
 * of the same user arrives: watchers get the latest state rather than every step of a backlog.
 */
public final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    public static final String PATH = PortalApplication.BASE_PATH + "/events";
    /** Colleagues one connection may follow by id. */
    static final int MAX_FOLLOWED = 1000;

    private final SessionService sessions;
    private final EventMessages messages;
    private final EventsConfig config;
    private final Clock clock;
    private final Map<UserId, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private final Lane[] lanes;
    private final AtomicInteger nextLane = new AtomicInteger();
    private final AtomicLong nextSlot = new AtomicLong();
    private final AtomicLong directorySequence = new AtomicLong();
    private static final long TICK_MILLIS = 1_000;
    /** Ticks of the scheduler so far; touched by the scheduler thread only. */
    private long ticks;
    private final ScheduledExecutorService scheduler;
    private final LongAdder tooSlow = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private volatile boolean stopped;

    public LiveEvents(SessionService sessions, EventMessages messages, EventsConfig config, Clock clock) {
        this.sessions = sessions;
        this.messages = messages;
        this.config = config;
        this.clock = clock;
        this.lanes = new Lane[Math.max(1, config.writerThreads())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, "events-writer-" + (i + 1));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("events-sessions"));
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
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
        boolean directory = event.forDirectory();
        List<List<Connection>> own = new ArrayList<>(Collections.nCopies(lanes.length, null));
        boolean any = false;
        for (UserId user : audience) {
            for (Connection c : byUser.getOrDefault(user, Set.of())) {
                int i = c.lane.index;
                if (own.get(i) == null) {
                    own.set(i, new ArrayList<>());
                }
                own.get(i).add(c);
                any = true;
            }
        }
        if (!any && !(directory && Arrays.stream(lanes).anyMatch(l -> l.watchesAny(audience)))) {
            return;
        }
        Optional<String> rendered = messages.render(event);
        if (rendered.isEmpty()) {
            return;
        }
        String message = rendered.get();
        DirectoryKey key = directory ? new DirectoryKey(event.name(), audience) : null;
        long sequence = directory ? directorySequence.incrementAndGet() : 0;
        for (Lane lane : lanes) {
            List<Connection> mine = own.get(lane.index);
            boolean followers = directory && lane.watchesAny(audience);
            if (mine == null && !followers) {
                continue;
            }
            Runnable task = () -> write(lane, mine, followers, audience, message);
            if (directory) {
                lane.executeLatest(key, sequence, task);
            } else {
                lane.execute(task);
            }
        }
    }

    /**
     * On the lane: one event to the audience's own connections of this lane and, for a directory event,
     * to this lane's connections following the audience (each once).
     */
    private void write(Lane lane, List<Connection> own, boolean followers, Set<UserId> audience, String message) {
        if (own != null) {
            own.forEach(c -> deliver(c, message));
        }
        if (!followers) {
            return;
        }
        for (Connection c : lane.watchers) {
            if (!audience.contains(c.user)) {
                deliver(c, message);
            }
        }
        Set<Connection> done = audience.size() > 1 ? new java.util.HashSet<>() : null;
        for (UserId user : audience) {
            for (Connection c : lane.watchersOf.getOrDefault(user, Set.of())) {
                if (!audience.contains(c.user) && !lane.watchers.contains(c) && (done == null || done.add(c))) {
                    deliver(c, message);
                }
            }
        }
    }

    /** What makes a directory event replace an earlier one (see {@link DomainEvent#forDirectory()}). */
    private record DirectoryKey(String name, Set<UserId> audience) {
    }

    /** On the connection's lane. */
    private void deliver(Connection c, String message) {
        if (c.offer(message)) {
            delivered.increment();
        } else if (!c.isClosing()) {
            tooSlow.increment();
            log.info("Event connection of {} closed: more than {} events waiting", c.user, config.queueCapacity());
            forget(c);
            c.close(CloseCodes.reason(CloseCodes.TOO_SLOW, "too slow: event queue overflowed"));
        }
    }

    /**
     * A socket opened: authenticates its token and registers it, or closes it with 4001 (4003 for the
     * admin).
     *
     * @param directory follow the whole directory's presence
     * @param colleagues follow these colleagues' presence
     */
    void opened(Session session, String token, boolean directory, Set<UserId> colleagues) {
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
        Lane lane = lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
        Connection c = new Connection(session, user, token, lane, config.queueCapacity(), nextSlot.getAndIncrement());
        session.getUserProperties().put(Connection.class.getName(), c);
        // queued before the connection is registered: every event it gets comes after it
        String ready = reply("ready", Map.of("userId", user.value(), "directory", directory, "presence",
                colleagues.stream().map(UserId::value).sorted().toList()));
        lane.execute(() -> deliver(c, ready));
        all.add(c);
        byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(c);
        if (directory) {
            lane.watchers.add(c);
        }
        follow(c, colleagues);
        long ttl = Math.max(0, Duration.between(clock.instant(), s.expiresAt()).toMillis());
        c.expiry(scheduler.schedule(() -> close(c, CloseCodes.UNAUTHENTICATED, "session expired"), ttl,
                TimeUnit.MILLISECONDS));
        log.debug("Event connection opened for {} (directory: {})", user, directory);
    }

    /**
     * A client message: {@code {"action":"subscribe"|"unsubscribe","topic":"directory"}}, or
     * {@code {"action":"subscribe","topic":"presence","users":[ids]}} (replacing the colleagues followed)
     * and {@code {"action":"unsubscribe","topic":"presence"}}.
     */
    void received(Session session, String text) {
        Connection c = connection(session);
        if (c == null) {
            return;
        }
        c.heard();
        JsonNode m;
        try {
            m = JsonMapper.mapper().readTree(text);
        } catch (IOException e) {
            m = null;
        }
        String action = m == null ? null : m.path("action").asText(null);
        String topic = m == null ? null : m.path("topic").asText(null);
        boolean on = "subscribe".equals(action);
        String answer;
        if (!on && !"unsubscribe".equals(action)) {
            answer = invalid("action must be subscribe or unsubscribe");
        } else if ("directory".equals(topic)) {
            if (on) {
                c.lane.watchers.add(c);
            } else {
                c.lane.watchers.remove(c);
            }
            answer = reply(on ? "subscribed" : "unsubscribed", Map.of("topic", "directory"));
        } else if ("presence".equals(topic)) {
            Set<UserId> users = on ? userIds(m.path("users")) : Set.of();
            if (users == null) {
                answer = invalid("users must be an array of at most " + MAX_FOLLOWED + " user ids");
            } else {
                follow(c, users);
                answer = reply(on ? "subscribed" : "unsubscribed", Map.of("topic", "presence", "users",
                        users.stream().map(UserId::value).sorted().toList()));
            }
        } else {
            answer = invalid("topic must be directory or presence");
        }
        c.lane.execute(() -> deliver(c, answer));
    }

    /** Follows exactly these colleagues' presence from now on. */
    private void follow(Connection c, Set<UserId> users) {
        Set<UserId> before = c.colleagues;
        c.colleagues = Set.copyOf(users);
        for (UserId u : before) {
            if (!users.contains(u)) {
                c.lane.unwatch(u, c);
            }
        }
        for (UserId u : users) {
            if (!before.contains(u)) {
                c.lane.watch(u, c);
            }
        }
    }

    /** The ids of a JSON array of numbers, or null when it is not one or is too long. */
    private static Set<UserId> userIds(JsonNode array) {
        if (!array.isArray() || array.size() > MAX_FOLLOWED) {
            return null;
        }
        Set<UserId> out = new java.util.HashSet<>();
        for (JsonNode n : array) {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                return null;
            }
            out.add(new UserId(n.asLong()));
        }
        return out;
    }

    /** The colleagues of {@code ?presence=12,15}; empty when absent, null when malformed or too many. */
    static Set<UserId> userIds(List<String> query) {
        Set<UserId> out = new java.util.HashSet<>();
        for (String value : query) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    out.add(new UserId(Long.parseLong(part.strip())));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return out.size() > MAX_FOLLOWED ? null : out;
    }

    private static String invalid(String detail) {
        return reply("error", Map.of("errorId", "invalid-message", "detail", detail));
    }

    /** The client answered a ping or sent something: it is alive. */
    void heard(Session session) {
        Connection c = connection(session);
        if (c != null) {
            c.heard();
        }
    }

    /**
     * Once a second, a share of the connections is looked after, so that ten thousand of them cost a
     * little every second rather than a burst that delays events: each connection's session is checked
     * every {@link EventsConfig#sessionSweep()}, and it is pinged every {@link EventsConfig#heartbeat()}
     * (closed if it has answered nothing for three).
     */
    private void tick() {
        try {
            long t = ticks++;
            long sweepTicks = Math.max(1, config.sessionSweep().toMillis() / TICK_MILLIS);
            long beatTicks = Math.max(1, config.heartbeat().toMillis() / TICK_MILLIS);
            long silentLimit = config.heartbeat().toNanos() * 3;
            List<List<Connection>> toPing = new ArrayList<>(Collections.nCopies(lanes.length, null));
            for (Connection c : all) {
                if (Math.floorMod(c.slot - t, sweepTicks) == 0 && sessions.session(c.token).isEmpty()) {
                    close(c, CloseCodes.UNAUTHENTICATED, "session ended");
                } else if (Math.floorMod(c.slot - t, beatTicks) == 0) {
                    if (c.silentNanos() > silentLimit) {
                        log.info("Event connection of {} closed: no answer to pings", c.user);
                        close(c, CloseCodes.TOO_SLOW, "no answer to pings");
                    } else {
                        int i = c.lane.index;
                        if (toPing.get(i) == null) {
                            toPing.set(i, new ArrayList<>());
                        }
                        toPing.get(i).add(c);
                    }
                }
            }
            for (Lane lane : lanes) {
                List<Connection> ping = toPing.get(lane.index);
                if (ping != null) {
                    lane.execute(() -> ping.forEach(Connection::ping));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking after the event connections failed", e);
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
        c.lane.watchers.remove(c);
        for (UserId u : c.colleagues) {
            c.lane.unwatch(u, c);
        }
        byUser.computeIfPresent(c.user, (u, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    private void close(Connection c, int code, String phrase) {
        forget(c);
        c.lane.execute(() -> c.close(CloseCodes.reason(code, phrase)));
    }

    private void signedOut(String token) {
        for (Connection c : all) {
            if (c.token.equals(token)) {
                close(c, CloseCodes.UNAUTHENTICATED, "signed out");
            }
        }
    }


    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(Connection.class.getName());
    }

    private static String reply(String event, Map<String, ?> data) {
        try {
            return JsonMapper.mapper().writeValueAsString(new EventMessages.Envelope(event, data));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A socket whose query cannot be served. */
    void refuse(Session session, String detail) {
        closeNow(session, CloseCodes.INVALID_REQUEST, detail);
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
        return tooSlow.sum();
    }

    /** Messages queued for sending, since start. */
    public long deliveredCount() {
        return delivered.sum();
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
        for (Lane lane : lanes) {
            lane.stop();
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
