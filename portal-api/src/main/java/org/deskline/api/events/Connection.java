package org.deskline.api.events;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.deskline.core.directory.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code /api/v1/events} socket of a signed-in user, with its own bounded queue of messages.
 *
 * <p>At most one message per connection is being written at a time (Tyrus' asynchronous send); the
 * others wait in the queue. When more than {@code capacity} wait, the client is not keeping up: the
 * queue is dropped and the connection closed with {@link CloseCodes#TOO_SLOW}, so a slow or dead client
 * costs a bounded amount of memory and never delays anyone else.
 *
 * <p>Threading: {@link #offer} is called from the event-bus thread and never blocks. Writing runs on
 * the writer executor; a write that completes later continues the queue from there.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final int IDLE = 0;
    private static final int IN_SEND = 1;
    private static final int DONE_IN_SEND = 2;
    private static final int PENDING = 3;

    final Session session;
    final UserId user;
    final String token;
    final Instant expiresAt;
    private final int capacity;
    private final Executor writers;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Whether the send in progress completed inside {@code sendText}: then the writing loop goes on. */
    private final AtomicInteger sendPhase = new AtomicInteger(IDLE);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean directory;
    private volatile ScheduledFuture<?> expiry;

    Connection(Session session, UserId user, String token, Instant expiresAt, boolean directory, int capacity,
            Executor writers) {
        this.session = session;
        this.user = user;
        this.token = token;
        this.expiresAt = expiresAt;
        this.directory = directory;
        this.capacity = capacity;
        this.writers = writers;
    }

    boolean watchesDirectory() {
        return directory;
    }

    void watchDirectory(boolean on) {
        directory = on;
    }

    void expiry(ScheduledFuture<?> f) {
        expiry = f;
    }

    boolean isClosing() {
        return closing.get();
    }

    /**
     * Queues a message for this client. Never blocks.
     *
     * @return false when the connection is closing, or overflowed now (the caller counts and closes it)
     */
    boolean offer(String message) {
        if (closing.get()) {
            return false;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        queue.add(message);
        if (writing.compareAndSet(false, true)) {
            writers.execute(this::writeQueued);
        }
        return true;
    }

    /** Writes queued messages one after the other until the queue is empty or a write is pending. */
    private void writeQueued() {
        while (true) {
            if (closing.get()) {
                queue.clear();
                return;
            }
            String next = queue.poll();
            if (next == null) {
                writing.set(false);
                // a message offered between poll and set would otherwise wait for the next offer
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            waiting.decrementAndGet();
            sendPhase.set(IN_SEND);
            try {
                session.getAsyncRemote().sendText(next, this::sent);
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
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
            writers.execute(this::writeQueued);
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
