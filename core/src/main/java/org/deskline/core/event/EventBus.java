package org.deskline.core.event;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers domain events to subscribers, in publication order, on one dispatch thread of its own.
 *
 * <p>Threading: {@link #publish} never blocks (a SIP thread may publish); when the bounded queue is
 * full the event is dropped and counted, because a stalled subscriber must not stall call handling.
 * Subscribers run on the dispatch thread and must hand slow work elsewhere.
 */
public final class EventBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    private static final int CAPACITY = 65_536;

    private final List<Consumer<DomainEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<DomainEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread dispatcher;
    private volatile boolean running = true;
    private volatile long dropped;

    public EventBus() {
        dispatcher = new Thread(this::dispatchLoop, "event-bus");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public void subscribe(Consumer<DomainEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<DomainEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    public void publish(DomainEvent event) {
        if (!queue.offer(event)) {
            dropped++;
            log.warn("Event queue full, dropped {} ({} dropped so far)", event.name(), dropped);
        }
    }

    /**
     * Waits until every event published before this call has been delivered; for tests and orderly
     * shutdown. Returns false on timeout.
     */
    public boolean awaitDelivered(java.time.Duration timeout) {
        Barrier barrier = new Barrier();
        try {
            if (!queue.offer(barrier, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            return barrier.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final class Barrier implements DomainEvent {
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        @Override
        public String name() {
            return "barrier";
        }

        @Override
        public java.time.Instant at() {
            return java.time.Instant.EPOCH;
        }

        @Override
        public java.util.Set<org.deskline.core.directory.UserId> audience() {
            return java.util.Set.of();
        }
    }

    public long droppedCount() {
        return dropped;
    }

    private void dispatchLoop() {
        while (running || !queue.isEmpty()) {
            DomainEvent event;
            try {
                event = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                continue;
            }
            if (event instanceof Barrier b) {
                b.done.countDown();
                continue;
            }
            for (Consumer<DomainEvent> subscriber : subscribers) {
                try {
                    subscriber.accept(event);
                } catch (RuntimeException e) {
                    log.error("Subscriber failed on {}", event.name(), e);
                }
            }
        }
    }

    /** Delivers what is queued, then stops the dispatch thread. */
    @Override
    public void close() {
        running = false;
        try {
            dispatcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
