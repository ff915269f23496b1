package org.deskline.api.events;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.deskline.core.directory.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code /api/v1/events} socket of a signed-in user, with its own bounded queue of messages.
 *
 * <p>At most one message per connection is being written at a time (Tyrus' asynchronous send). An idle
 * connection is written to at once; while a write is pending, further messages wait in the queue. When
 * more than {@code capacity} wait, the client is not keeping up: the caller drops the connection with
 * {@link CloseCodes#TOO_SLOW}, so a slow or dead client costs a bounded amount of memory and never
 * delays anyone else.
 *
 * <p>Threading: {@link #offer} runs on the connection's {@link Lane} and never blocks. A write that
 * completes later (on a container thread) continues the queue on the lane again.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int IN_SEND = 1;
    private static final int DONE_IN_SEND = 2;
    private static final int PENDING = 3;

    final Session session;
    final UserId user;
    final String token;
    final Lane lane;
    /** When this connection's turn comes in the once-a-second housekeeping (see LiveEvents). */
    final long slot;
    private final int capacity;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    /** Held by whoever is writing: the lane sending directly, or draining the queue. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Whether the send in progress completed inside {@code sendText}: then the writing loop goes on. */
    private final AtomicInteger sendPhase = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile ScheduledFuture<?> expiry;
    /** The colleagues whose presence this connection chose to follow; changed by the client's own messages. */
    volatile Set<UserId> colleagues = Set.of();
    /** When the client was last heard from (a pong or a message), {@link System#nanoTime()}. */
    private volatile long lastHeard = System.nanoTime();

    Connection(Session session, UserId user, String token, Lane lane, int capacity, long slot) {
        this.session = session;
        this.user = user;
        this.token = token;
        this.lane = lane;
        this.capacity = capacity;
        this.slot = slot;
    }

    void expiry(ScheduledFuture<?> f) {
        expiry = f;
    }

    boolean isClosing() {
        return closing.get();
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - lastHeard;
    }

    /** Sends a ping (on the lane); the client's pong counts as {@link #heard()}. Never blocks. */
    void ping() {
        if (closing.get()) {
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /**
     * Writes a message now if the connection is idle, else queues it. Never blocks.
     *
     * @return false when the connection is closing, or its queue is full (the caller closes it)
     */
    boolean offer(String message) {
        if (closing.get()) {
            return false;
        }
        if (writing.compareAndSet(false, true)) {
            write(message);
            return true;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        queue.add(message);
        // the writer may have found the queue empty and let go just before the add
        if (writing.compareAndSet(false, true)) {
            write(null);
        }
        return true;
    }

    /**
     * Holding {@link #writing}: sends {@code first} (if any), then the queue, until the queue is empty or
     * a send is pending; then the completion carries on.
     */
    private void write(String first) {
        String next = first;
        while (true) {
            if (closing.get()) {
                queue.clear();
                return;
            }
            if (next == null) {
                next = queue.poll();
                if (next == null) {
                    writing.set(false);
                    if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                waiting.decrementAndGet();
            }
            sendPhase.set(IN_SEND);
            try {
                session.getAsyncRemote().sendText(next, this::sent);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            next = null;
            if (sendPhase.compareAndSet(IN_SEND, PENDING)) {
                return;
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            failed(result.getException());
            return;
        }
        if (!sendPhase.compareAndSet(IN_SEND, DONE_IN_SEND)) {
            lane.execute(() -> write(null));
        }
    }
    private void failed(Throwable e) {
        log.debug("Event connection of {} failed: {}", user, e == null ? "?" : e.toString());
        close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "write failed"));
    }

    /** Closes once with this reason (dropping what is queued); safe from any thread, never blocks long. */
    void close(CloseReason reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        ScheduledFuture<?> f = expiry;
        if (f != null) {
            f.cancel(false);
        }
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the event connection of {}: {}", user, e.toString());
        }
    }

    /** Marks the connection closed by the peer or the container; nothing more is sent. */
    void closed() {
        closing.set(true);
        queue.clear();
        ScheduledFuture<?> f = expiry;
        if (f != null) {
            f.cancel(false);
        }
    }
}
