package org.deskline.server.testing;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * A client of {@code /api/v1/events} (the Tyrus client): collects the messages it receives and how the
 * connection closed, and waits for them with a bounded poll.
 */
public final class EventClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientManager CLIENT = shared();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;
    private JsonNode ready;

    private EventClient() {
    }

    private static ClientManager shared() {
        ClientManager c = ClientManager.createClient();
        c.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        return c;
    }

    /** Connects to {@code /api/v1/events} with this query (e.g. {@code token=...&directory=true}). */
    public static EventClient connect(int httpPort, String query) throws Exception {
        return connect(httpPort, query, Map.of());
    }

    /** Connects with extra handshake headers (a Cookie, an Origin). */
    public static EventClient connect(int httpPort, String query, Map<String, String> headers) throws Exception {
        EventClient c = new EventClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(
                new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> h) {
                        headers.forEach((k, v) -> h.put(k, List.of(v)));
                    }
                }).build();
        URI uri = URI.create("ws://127.0.0.1:" + httpPort + "/api/v1/events" + (query == null ? "" : "?" + query));
        c.session = CLIENT.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig ec) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    try {
                        c.messages.add(JSON.readTree(text));
                    } catch (Exception e) {
                        c.messages.add(JSON.createObjectNode().put("event", "unparsable").put("raw", text));
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                c.closed.complete(reason);
            }
        }, config, uri);
        c.awaitReadyOrClose();
        return c;
    }

    /**
     * Waits for the server's {@code ready} (the subscriptions are in effect; it is the first message) or
     * for the close of a refused connection, so that a test never races the registration.
     */
    private void awaitReadyOrClose() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !closed.isDone()) {
            JsonNode m = messages.poll(20, TimeUnit.MILLISECONDS);
            if (m != null) {
                if (!"ready".equals(m.path("event").asText())) {
                    fail("the first message is not ready: " + m);
                }
                ready = m.get("data");
                return;
            }
        }
    }

    /** The data of the server's {@code ready}: {@code userId}, {@code directory}, {@code presence}. */
    public JsonNode ready() {
        return ready;
    }

    public static EventClient connectWithToken(int httpPort, String token) throws Exception {
        return connect(httpPort, "token=" + token);
    }

    /** The next message with this event name (others before it are skipped), or fails after the timeout. */
    public JsonNode next(String event, Duration timeout) throws InterruptedException {
        return next(m -> event.equals(m.path("event").asText()), timeout, event);
    }

    public JsonNode next(Predicate<JsonNode> matching, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                fail("no " + what + " within " + timeout + "; skipped " + skipped.size() + " messages: "
                        + (skipped.size() > 10 ? skipped.subList(skipped.size() - 10, skipped.size()) : skipped)
                        + (closed.isDone() ? "; closed: " + closed.getNow(null) : ""));
            }
            if (matching.test(m)) {
                return m;
            }
            skipped.add(m.path("event").asText());
        }
    }

    /** Asserts that no message arrives during this time (after what was already received is checked). */
    public void assertNothingWithin(Duration quiet) throws InterruptedException {
        JsonNode m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(m, () -> "unexpected message " + m);
    }

    /** Every message received so far, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** How the server closed the connection, or fails after the timeout. */
    public CloseReason awaitClose(Duration timeout) throws Exception {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("the connection was not closed within " + timeout);
        }
    }

    public boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    public void send(String text) throws Exception {
        session.getBasicRemote().sendText(text);
    }

    @Override
    public void close() throws Exception {
        if (session.isOpen()) {
            session.close();
        }
    }
}
