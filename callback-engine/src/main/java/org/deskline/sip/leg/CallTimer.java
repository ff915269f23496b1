package org.deskline.sip.leg;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pending timeout of a call or leg: the task runs on the call's executor, never on the timer thread,
 * and scheduling again replaces what was pending.
 *
 * <p>Threading: use it from the call's executor only. A task the timer thread has already handed to the
 * executor still runs after {@link #cancel}, so a task checks that what it times out is still current.
 */
public final class CallTimer {
    private final ScheduledExecutorService timers;
    private final Executor executor;
    private ScheduledFuture<?> pending;

    public CallTimer(ScheduledExecutorService timers, Executor executor) {
        this.timers = timers;
        this.executor = executor;
    }

    /** Runs {@code task} after {@code delay} unless cancelled or replaced first; nothing once the stack is stopping. */
    public void schedule(Duration delay, Runnable task) {
        cancel();
        try {
            pending = timers.schedule(() -> executor.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pending = null;
        }
    }

    public void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
