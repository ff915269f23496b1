package org.deskline.core.mode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deskline.core.dialplan.NumberPlan;

/**
 * The phone at a telecommuter number as a single line: the calls through the system that use each
 * number, in both directions (redirected calls, click-to-call legs, calls from that phone into the
 * office and from the office to it). A number carries one call; with call waiting, one more.
 *
 * <p>Numbers are compared in E.164 form when their prefix tells ({@code 0612…} and {@code +31612…}
 * are one line). A number with no call has no entry, so the map holds only lines in use.
 *
 * <p>Threading: safe from any thread and never blocks long: each number's count changes atomically
 * in its own map bin ({@link ConcurrentHashMap#compute}), so two numbers never wait for each other
 * and there is no global lock.
 */
public final class TelecommuterLines {
    /** Calls a line carries without call waiting. */
    public static final int SINGLE = 1;
    /** Calls a line carries with call waiting: the call in progress and one waiting. */
    public static final int WITH_CALL_WAITING = 2;

    private final NumberPlan numbers;
    private final Map<String, Integer> inUse = new ConcurrentHashMap<>();

    public TelecommuterLines(NumberPlan numbers) {
        this.numbers = numbers;
    }

    /**
     * Takes a place on the line of {@code number} for one call.
     *
     * @param callWaiting the line's owner has call waiting: two calls fit instead of one
     * @return the place, to {@link Line#release()} when the call no longer uses the line; empty when
     *     the line is full (busy treatment)
     */
    public Optional<Line> seize(String number, boolean callWaiting) {
        String key = numbers.normalise(number);
        int limit = callWaiting ? WITH_CALL_WAITING : SINGLE;
        boolean[] taken = {false};
        inUse.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0] ? Optional.of(new Line(key)) : Optional.empty();
    }

    /** Calls the line of {@code number} carries now. */
    public int callsOn(String number) {
        return inUse.getOrDefault(numbers.normalise(number), 0);
    }

    /** Numbers carrying at least one call: 0 when no telecommuter line is in use. */
    public int linesInUse() {
        return inUse.size();
    }

    private void release(String key) {
        inUse.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** One call's place on a line. Releasing it more than once has no further effect. */
    public final class Line {
        private final String number;
        private final AtomicBoolean released = new AtomicBoolean();

        private Line(String number) {
            this.number = number;
        }

        /** The number, normalised. */
        public String number() {
            return number;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                TelecommuterLines.this.release(number);
            }
        }

        @Override
        public String toString() {
            return "line " + number + (released.get() ? " (released)" : "");
        }
    }
}
