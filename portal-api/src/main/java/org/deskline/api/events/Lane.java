package org.deskline.api.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One writer thread and the connections assigned to it. Everything written to a connection goes
 * through its lane, in the order events were published: the event-bus thread hands each lane one task
 * per event (not one per connection), and the lane writes to each of its connections directly when
 * the connection is idle, or queues behind the write in progress.
 */
final class Lane {
    final int index;
    private final ExecutorService thread;
    /** This lane's connections that subscribed to directory presence. */
    final Set<Connection> watchers = ConcurrentHashMap.newKeySet();

    Lane(int index, String name) {
        this.index = index;
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    void execute(Runnable task) {
        if (!thread.isShutdown()) {
            thread.execute(task);
        }
    }

    void stop() {
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
