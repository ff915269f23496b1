package org.deskline.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deskline.core.directory.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-connection queue: order, one write at a time, the bound, and closing. */
class ConnectionTest {
    private final Lane lane = new Lane(0, "test-lane");
    /** Sends the fake socket accepted, and the completions it has not reported yet. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<SendHandler> pending = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private volatile boolean completeAtOnce = true;

    @AfterEach
    void stop() {
        lane.stop();
    }

    private Session session() {
        RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendPing")) {
                        sent.add("ping");
                        return null;
                    }
                    if (method.getName().equals("sendText") && args.length == 2) {
                        sent.add((String) args[0]);
                        SendHandler h = (SendHandler) args[1];
                        if (completeAtOnce) {
                            h.onResult(new SendResult());
                        } else {
                            pending.add(h);
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> async;
                    case "isOpen" -> closes.isEmpty();
                    case "close" -> {
                        closes.add((CloseReason) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void onLane(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        lane.execute(() -> {
            r.run();
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void anIdleConnectionWritesAtOnceAndABusyOneQueuesInOrder() throws Exception {
        Connection c = new Connection(session(), new UserId(1), "t", lane, 10, 0);
        onLane(() -> assertTrue(c.offer("a")));
        assertEquals(List.of("a"), sent);

        completeAtOnce = false;
        onLane(() -> {
            assertTrue(c.offer("b"));
            assertTrue(c.offer("c"));
            assertTrue(c.offer("d"));
        });
        assertEquals(List.of("a", "b"), sent, "one write at a time");
        completeAtOnce = true;
        pending.remove(0).onResult(new SendResult());
        onLane(() -> { });
        assertEquals(List.of("a", "b", "c", "d"), sent, "the completion carries on with the queue, in order");
    }

    @Test
    void moreWaitingThanTheCapacityIsRefusedAndClosingStopsWriting() throws Exception {
        Connection c = new Connection(session(), new UserId(1), "t", lane, 3, 0);
        completeAtOnce = false;
        List<Boolean> accepted = new ArrayList<>();
        onLane(() -> {
            for (int i = 0; i < 5; i++) {
                accepted.add(c.offer("m" + i));
            }
        });
        assertEquals(List.of(true, true, true, true, false), accepted, "one in flight, three waiting, then full");

        c.close(CloseCodes.reason(CloseCodes.TOO_SLOW, "too slow"));
        assertEquals(4008, closes.get(0).getCloseCode().getCode());
        assertTrue(c.isClosing());
        pending.remove(0).onResult(new SendResult());
        onLane(() -> assertFalse(c.offer("late")));
        assertEquals(List.of("m0"), sent, "nothing more after the close");
        c.close(CloseCodes.reason(CloseCodes.UNAUTHENTICATED, "again"));
        assertEquals(1, closes.size(), "closed once");
    }

    @Test
    void aFailedWriteClosesTheConnection() throws Exception {
        Connection c = new Connection(session(), new UserId(1), "t", lane, 3, 0);
        completeAtOnce = false;
        onLane(() -> c.offer("x"));
        pending.remove(0).onResult(new SendResult(new java.io.IOException("reset")));
        assertEquals(CloseReason.CloseCodes.CLOSED_ABNORMALLY, closes.get(0).getCloseCode());
        assertTrue(c.isClosing());
    }

    @Test
    void aPingGoesOutAndAnAnswerResetsTheSilence() throws Exception {
        Connection c = new Connection(session(), new UserId(1), "t", lane, 3, 0);
        Thread.sleep(20);
        assertTrue(c.silentNanos() >= 20_000_000L);
        onLane(c::ping);
        assertEquals(List.of("ping"), sent);
        c.heard();
        assertTrue(c.silentNanos() < 20_000_000L);
    }
}
