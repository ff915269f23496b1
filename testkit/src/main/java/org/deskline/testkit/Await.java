package org.deskline.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting: poll a condition until it holds or a deadline passes, then fail with a
 * description of what was seen. Never sleeps longer than needed: the poll interval starts at 1 ms
 * and backs off to 20 ms. When a monitor is given, the waiter is also woken by
 * {@code monitor.notifyAll()} so event-driven state is seen at once.
 */
public final class Await {
    private static final long MAX_POLL_NANOS = Duration.ofMillis(20).toNanos();

    private Await() {
    }

    /** Waits until {@code condition} holds; otherwise fails with {@code what} and {@code context}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<String> context) {
        value(timeout, what, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), context, null);
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, what, condition, () -> "");
    }

    /** Waits until {@code probe} yields a value and returns it; otherwise fails with {@code context}. */
    public static <T> T value(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> context) {
        return value(timeout, what, probe, context, null);
    }

    /**
     * Waits until {@code probe} yields a value, re-checking whenever {@code monitor} is notified
     * (pass {@code null} to poll only).
     */
    public static <T> T value(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> context,
                              Object monitor) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = Duration.ofMillis(1).toNanos();
        while (true) {
            Optional<T> result = probe.get();
            if (result.isPresent()) {
                return result.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String seen = context.get();
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (seen == null || seen.isEmpty() ? "" : "\n" + seen));
            }
            long nap = Math.min(left, pause);
            try {
                if (monitor != null) {
                    synchronized (monitor) {
                        long ms = Math.max(1, nap / 1_000_000);
                        monitor.wait(ms);
                    }
                } else {
                    Thread.sleep(nap / 1_000_000, (int) (nap % 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
            pause = Math.min(MAX_POLL_NANOS, pause * 2);
        }
    }
}
