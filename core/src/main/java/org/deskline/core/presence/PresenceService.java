package org.deskline.core.presence;

import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.deskline.core.call.CallEvent;
import org.deskline.core.call.CallId;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.event.EventBus;
import org.deskline.core.persistence.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user's presence: the state and status message they choose (stored, so they survive a restart)
 * and "on a call", derived from the call events. Every change is published as
 * {@link PresenceChangedEvent}, which is how it reaches the user's other clients and the colleagues
 * watching the directory.
 *
 * <p>A user is on a call while at least one of their calls is answered and not ended. This follows the
 * call events themselves rather than the tracker's live count, so that it is exact in the order the
 * events were published (the tracker forgets an ended call only after publishing its end).
 *
 * <p>Threading: {@link #of} is lock-free from any thread. {@link #set} blocks on the database (HTTP
 * threads only); changes of one user are serialised and published in the order they are applied.
 * {@link #onEvent} is an {@link EventBus} subscriber: it never blocks.
 */
public final class PresenceService {
    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);
    public static final int MAX_MESSAGE_LENGTH = 200;
    private static final int STRIPES = 64;

    private final Jdbc jdbc;
    private final EventBus events;
    private final Clock clock;
    private final Map<UserId, Presence> presence = new ConcurrentHashMap<>();
    /** Answered, not yet ended calls per user; touched by the event-bus thread only. */
    private final Map<UserId, Set<CallId>> callsUp = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];

    public PresenceService(Jdbc jdbc, EventBus events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Reads every user's stored presence; called once at start, before HTTP opens. */
    public void load() {
        jdbc.query("SELECT id, presence_state, presence_message FROM users", rs -> {
            PresenceState state = PresenceState.valueOf(rs.getString("presence_state").toUpperCase(Locale.ROOT));
            presence.put(new UserId(rs.getLong("id")), new Presence(state, rs.getString("presence_message"), false));
            return null;
        });
        log.info("Presence loaded for {} users", presence.size());
    }

    /** The user's presence; a user who never chose one (or is unknown) is available. */
    public Presence of(UserId user) {
        return presence.getOrDefault(user, Presence.DEFAULT);
    }

    /**
     * The user chooses a state and a status message.
     *
     * @param message plain text of at most {@value #MAX_MESSAGE_LENGTH} characters without control
     *     characters; blank or null for none. Stored and shown as given, never interpreted as markup.
     */
    public Presence set(UserId user, PresenceState state, String message) {
        String m = normaliseMessage(message);
        synchronized (stripes[Math.floorMod(user.hashCode(), STRIPES)]) {
            int rows = jdbc.update("UPDATE users SET presence_state = ?, presence_message = ? WHERE id = ?", state, m,
                    user.value());
            if (rows == 0) {
                throw DomainException.notFound("user-not-found", "No such user");
            }
            Presence p = apply(user, old -> old.withChoice(state, m));
            log.debug("{} presence {}", user, p.effective().wireName());
            return p;
        }
    }

    /** Follows the calls of every user: subscribe to the {@link EventBus}. */
    public void onEvent(DomainEvent event) {
        if (!(event instanceof CallEvent e)) {
            return;
        }
        UserId user = e.call().userId();
        CallId id = e.call().callId();
        switch (e.kind()) {
            case ANSWERED -> callsUp.computeIfAbsent(user, u -> new HashSet<>()).add(id);
            case ENDED -> {
                Set<CallId> up = callsUp.get(user);
                if (up != null && up.remove(id) && up.isEmpty()) {
                    callsUp.remove(user);
                }
            }
            default -> {
                return;
            }
        }
        boolean onCall = callsUp.containsKey(user);
        apply(user, old -> old.withOnCall(onCall));
    }

    /** Applies a change to the in-memory presence and publishes it if it changed, atomically per user. */
    private Presence apply(UserId user, UnaryOperator<Presence> change) {
        return presence.compute(user, (u, old) -> {
            Presence before = old == null ? Presence.DEFAULT : old;
            Presence after = change.apply(before);
            if (!after.equals(before)) {
                events.publish(new PresenceChangedEvent(u, after, clock.instant()));
            }
            return after;
        });
    }

    /**
     * Checks a status message: plain text, at most {@value #MAX_MESSAGE_LENGTH} characters (UTF-16
     * units, which the database column holds in both dialects), no control characters or line breaks.
     * Surrounding blanks are removed; an empty message is none.
     */
    static String normaliseMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        if (m.isEmpty()) {
            return null;
        }
        if (m.length() > MAX_MESSAGE_LENGTH) {
            throw DomainException.invalid("message", "must be at most " + MAX_MESSAGE_LENGTH + " characters");
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            int type = Character.getType(c);
            boolean loneSurrogate = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < m.length()
                    && Character.isLowSurrogate(m.charAt(i + 1)));
            if (Character.isHighSurrogate(c) && !loneSurrogate) {
                i++;
                continue;
            }
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || loneSurrogate || isBidiControl(c)) {
                throw DomainException.invalid("message", "must be plain text on one line, without control characters");
            }
        }
        return m;
    }

    /** Bidirectional overrides and isolates, which can make a message display as something else. */
    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
