package org.deskline.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.deskline.api.calls.CallJson;
import org.deskline.api.json.JsonMapper;
import org.deskline.api.presence.PresenceJson;
import org.deskline.core.call.CallEvent;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.ModeChangedEvent;
import org.deskline.core.directory.User;
import org.deskline.core.event.DomainEvent;
import org.deskline.core.hotdesk.HotdeskLoginEvent;
import org.deskline.core.hotdesk.HotdeskLogoutEvent;
import org.deskline.core.presence.PresenceChangedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into the JSON messages of {@code /api/v1/events}:
 * {@code {"event":"<name>","data":{...}}}. An event without a message here is not sent.
 *
 * <p>Threading: stateless apart from reading the directory view; safe from any thread.
 */
public final class EventMessages {
    private static final Logger log = LoggerFactory.getLogger(EventMessages.class);
    private static final ObjectMapper JSON = JsonMapper.mapper();

    private final DirectoryView view;

    public EventMessages(DirectoryView view) {
        this.view = view;
    }

    /** One message: the event's name and its data (for the {@code call_*} events, the call). */
    public record Envelope(String event, Object data) {
    }

    /** {@code mode_changed}: where the user's calls go now. */
    public record ModeChanged(long userId, String mode, Long deviceId, String deviceName, String telecommuterNumber,
            String at) {
    }

    /** {@code presence_changed}, for the user's own clients and for colleagues watching the directory. */
    public record PresenceChanged(long userId, String extension, String name, String state, String message,
            boolean onCall, String effective, String at) {
    }

    /** {@code hotdesk_login} and {@code hotdesk_logout} ({@code reason} for a logout only). */
    public record Hotdesk(long userId, String extension, long deviceId, String deviceName, String method,
            String reason, String at) {
    }

    public Optional<String> render(DomainEvent event) {
        Object data = data(event);
        if (data == null) {
            log.debug("No message for event {}", event.name());
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writeValueAsString(new Envelope(event.name(), data)));
        } catch (JsonProcessingException e) {
            log.error("Cannot render event {}", event.name(), e);
            return Optional.empty();
        }
    }

    private Object data(DomainEvent event) {
        if (event instanceof CallEvent e) {
            return CallJson.of(e.call());
        }
        if (event instanceof PresenceChangedEvent e) {
            User u = view.user(e.userId()).orElse(null);
            PresenceJson p = PresenceJson.of(e.presence());
            return new PresenceChanged(e.userId().value(), u == null ? null : u.extension(), u == null ? null : u.name(),
                    p.state(), p.message(), p.onCall(), p.effective(), text(e.at()));
        }
        if (event instanceof ModeChangedEvent e) {
            return new ModeChanged(e.userId().value(), e.mode().wireName(), id(e.deviceId()), deviceName(e.deviceId()),
                    e.telecommuterNumber(), text(e.at()));
        }
        if (event instanceof HotdeskLoginEvent e) {
            return new Hotdesk(e.userId().value(), e.extension(), e.deviceId().value(), e.deviceName(),
                    e.method().wireName(), null, text(e.at()));
        }
        if (event instanceof HotdeskLogoutEvent e) {
            return new Hotdesk(e.userId().value(), e.extension(), e.deviceId().value(), e.deviceName(),
                    e.method().wireName(), e.reason().wireName(), text(e.at()));
        }
        return null;
    }

    private String deviceName(DeviceId id) {
        return id == null ? null : view.device(id).map(d -> d.name()).orElse(null);
    }

    private static Long id(DeviceId id) {
        return id == null ? null : id.value();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
