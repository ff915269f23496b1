package org.deskline.core.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items to the database in batches on a thread of its own, so that whoever produces them (a SIP
 * thread) never waits for the database.
 *
 * <p>Threading: {@link #offer} is safe from any thread and never blocks; when the bounded queue is full
 * the item is dropped, counted and logged. The batch writer and the optional periodic task run on the
 * writer thread only. A failing batch is logged and the writer goes on.
 */
public final class WriteBehind<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

    private final String name;
    private final BlockingQueue<T> queue;
    private final int batchSize;
    private final Consumer<List<T>> writer;
    private final Duration tickEvery;
    private final Runnable onTick;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param writer writes one batch (at most {@code batchSize} items, in offer order)
     * @param tickEvery how often {@code onTick} runs on the writer thread (housekeeping); null for never
     */
    public WriteBehind(String name, int capacity, int batchSize, Consumer<List<T>> writer, Duration tickEvery,
            Runnable onTick) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.writer = writer;
        this.tickEvery = tickEvery;
        this.onTick = onTick;
        this.thread = new Thread(this::loop, name + "-writer");
        thread.setDaemon(true);
        thread.start();
    }

    public WriteBehind(String name, int capacity, int batchSize, Consumer<List<T>> writer) {
        this(name, capacity, batchSize, writer, null, null);
    }

    /** Queues an item; false (and counted as dropped) when the queue is full. */
    public boolean offer(T item) {
        if (queue.offer(item)) {
            offered.incrementAndGet();
            return true;
        }
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            log.error("{} queue full: {} items dropped", name, n);
        }
        return false;
    }

    public long droppedCount() {
        return dropped.get();
    }

    /** Waits (up to 10 s) until every item queued before this call has been handed to the writer. */
    public void flush() {
        long target = offered.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (done.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        List<T> batch = new ArrayList<>(batchSize);
        long nextTick = tickEvery == null ? Long.MAX_VALUE : System.nanoTime() + tickEvery.toNanos();
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    try {
                        writer.accept(batch);
                    } catch (RuntimeException e) {
                        log.error("{}: writing {} items failed", name, batch.size(), e);
                    }
                    done.addAndGet(batch.size());
                    batch.clear();
                }
                if (tickEvery != null && System.nanoTime() - nextTick >= 0) {
                    nextTick = System.nanoTime() + tickEvery.toNanos();
                    onTick.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("{}: periodic task failed", name, e);
            }
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
