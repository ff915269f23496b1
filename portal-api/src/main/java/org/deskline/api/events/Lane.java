package org.deskline.api.events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.deskline.core.directory.UserId;

/**
 * One writer thread and the connections assigned to it. Everything written to a connection goes
 * through its lane, in the order events were published: the event-bus thread hands each lane one task
 * per event (not one per connection), and the lane writes to each of its connections directly when
 * the connection is idle, or queues behind the write in progress.
 */
final class Lane {
    final int index;
    private final ExecutorService thread;
    /** This lane's connections that subscribed to the whole directory's presence. */
    final Set<Connection> watchers = ConcurrentHashMap.newKeySet();
    /** This lane's connections that subscribed to chosen colleagues' presence, by colleague. */
    final Map<UserId, Set<Connection>> watchersOf = new ConcurrentHashMap<>();
    /** The newest directory event of each kind and audience handed to this lane and not yet written. */
    private final Map<Object, Long> newest = new ConcurrentHashMap<>();

    Lane(int index, String name) {
        this.index = index;
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Hands over a directory event that replaces earlier ones of the same {@code key}: if a newer one
     * arrives before this lane gets to it, it is skipped (the newer one carries the state to show).
     */
    void executeLatest(Object key, long sequence, Runnable task) {
        newest.put(key, sequence);
        execute(() -> {
            if (newest.remove(key, sequence)) {
                task.run();
            }
        });
    }

    void watch(UserId colleague, Connection c) {
        watchersOf.computeIfAbsent(colleague, u -> ConcurrentHashMap.newKeySet()).add(c);
    }

    void unwatch(UserId colleague, Connection c) {
        watchersOf.computeIfPresent(colleague, (u, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /** Whether anyone on this lane watches any of these users (or the whole directory). */
    boolean watchesAny(Set<UserId> users) {
        if (!watchers.isEmpty()) {
            return true;
        }
        for (UserId u : users) {
            if (watchersOf.containsKey(u)) {
                return true;
            }
        }
        return false;
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
