package org.deskline.sip.leg;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call's work in order, one task at a time, without a thread of its own: the thread that
 * submits to an idle executor runs the task at once (a SIP thread, the timer thread); a task submitted
 * while another runs is queued and run by that same thread next. So a call never holds a lock while
 * calling out, needs no thread hop in the common case, and two calls never wait for each other.
 *
 * <p>Tasks must not block: they run on JAIN-SIP threads.
 */
public final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        while (running.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = tasks.poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        log.error("Call task failed", e);
                    }
                }
            } finally {
                running.set(false);
            }
            if (tasks.isEmpty()) {
                return;
            }
        }
    }
}
