package org.deskline.api.events;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deskline.core.directory.UserId;
import org.deskline.api.auth.AuthFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/events}: hands each socket to {@link LiveEvents}; nothing else. The session token comes
 * from {@code ?token=} or the portal's {@code deskline_session} cookie (the cookie only from a page of
 * this server: a cross-origin page cannot ride on it); {@code ?directory=true} subscribes to the whole
 * directory's presence from the start, {@code ?presence=12,15} to these colleagues'.
 */
public final class EventsEndpoint extends Endpoint {
    private static final Logger log = LoggerFactory.getLogger(EventsEndpoint.class);
    static final String TOKEN = "deskline.token";
    /** Client messages are small commands; anything bigger is refused by the container. */
    static final int MAX_CLIENT_MESSAGE = 4096;

    private final LiveEvents live;

    EventsEndpoint(LiveEvents live) {
        this.live = live;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // never idle-closed; negative rather than 0, for Tyrus schedules a no-op timer on every send with 0
        session.setMaxIdleTimeout(-1);
        session.setMaxTextMessageBufferSize(MAX_CLIENT_MESSAGE);
        session.setMaxBinaryMessageBufferSize(MAX_CLIENT_MESSAGE);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> live.received(session, text));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> live.heard(session));
        String token = (String) session.getUserProperties().get(TOKEN);
        Map<String, List<String>> query = session.getRequestParameterMap();
        Set<UserId> colleagues = LiveEvents.userIds(query.getOrDefault("presence", List.of()));
        if (colleagues == null) {
            live.refuse(session, "presence must list at most " + LiveEvents.MAX_FOLLOWED + " user ids, comma-separated");
            return;
        }
        live.opened(session, token, query.getOrDefault("directory", List.of()).contains("true"), colleagues);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        live.closed(session);
    }

    @Override
    public void onError(Session session, Throwable error) {
        log.debug("Event connection error: {}", error.toString());
    }

    /**
     * Reads the token at the handshake into the connection's own properties (Tyrus gives each handshake
     * its own copy) and gives every connection an endpoint bound to the one {@link LiveEvents}.
     */
    static final class Handshake extends ServerEndpointConfig.Configurator {
        private final LiveEvents live;

        Handshake(LiveEvents live) {
            this.live = live;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            token(request).ifPresent(t -> sec.getUserProperties().put(TOKEN, t));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return (T) new EventsEndpoint(live);
        }

        static Optional<String> token(HandshakeRequest request) {
            List<String> query = request.getParameterMap().get("token");
            if (query != null && !query.isEmpty() && !query.get(0).isEmpty()) {
                return Optional.of(query.get(0));
            }
            Map<String, List<String>> headers = request.getHeaders();
            String cookie = cookie(header(headers, "Cookie"));
            if (cookie == null) {
                return Optional.empty();
            }
            String origin = header(headers, "Origin");
            if (origin != null && !sameOrigin(origin, header(headers, "Host"))) {
                log.info("Event connection from {} refused the session cookie: not this server's page", origin);
                return Optional.empty();
            }
            return Optional.of(cookie);
        }

        private static String header(Map<String, List<String>> headers, String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                    return String.join("; ", h.getValue());
                }
            }
            return null;
        }

        private static String cookie(String header) {
            if (header == null) {
                return null;
            }
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(AuthFilter.COOKIE + "=")) {
                    String v = p.substring(AuthFilter.COOKIE.length() + 1);
                    return v.isEmpty() ? null : v;
                }
            }
            return null;
        }

        private static boolean sameOrigin(String origin, String host) {
            try {
                URI o = URI.create(origin);
                return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
