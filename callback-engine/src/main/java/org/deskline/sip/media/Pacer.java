package org.deskline.sip.media;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that sends RTP for every session: every 20 ms it gives each playing session one
 * packet slot.
 *
 * <p>Slots lie on an absolute grid ({@code deadline += 20 ms}), not "20 ms after the last send",
 * so send time never drifts, however long a round takes. A round that starts late is still run, so
 * a short stall is caught up with a burst that the phones' jitter buffers absorb; a stall longer
 * than {@link #MAX_BEHIND_NANOS} is not caught up: the grid restarts from now, and the sessions'
 * RTP timestamps jump with the wall clock (see {@link Playout}). With nothing playing the thread
 * parks until a session starts playing.
 *
 * <p>The set of playing sessions is a copy-on-write array: adding and removing take a short lock;
 * a round reads the array without one.
 */
final class Pacer {
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long MAX_BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    private static final Playout[] NONE = new Playout[0];

    private final Object lock = new Object();
    private volatile Playout[] playing = NONE;
    private volatile boolean running;
    private volatile Thread thread;
    private long resyncs;

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "deskline-media-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Starts giving {@code p} slots; it removes itself when it runs dry. */
    void add(Playout p) {
        synchronized (lock) {
            Playout[] current = playing;
            Playout[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = p;
            playing = more;
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void remove(Playout p) {
        synchronized (lock) {
            Playout[] current = playing;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == p) {
                    Playout[] fewer = new Playout[current.length - 1];
                    System.arraycopy(current, 0, fewer, 0, i);
                    System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
                    playing = fewer;
                    return;
                }
            }
        }
    }

    int playingCount() {
        return playing.length;
    }

    private void run() {
        long deadline = System.nanoTime();
        boolean idle = true;
        while (running) {
            Playout[] round = playing;
            if (round.length == 0) {
                idle = true;
                LockSupport.park(this);
                continue;
            }
            long now = System.nanoTime();
            if (idle) {
                idle = false;
                deadline = now;
            }
            long wait = deadline - now;
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            if (-wait > MAX_BEHIND_NANOS) {
                resyncs++;
                log.warn("media pacer {} ms behind; restarting the 20 ms grid (resync #{})",
                        TimeUnit.NANOSECONDS.toMillis(-wait), resyncs);
                deadline = now;
            }
            for (Playout p : round) {
                try {
                    p.tick(deadline);
                } catch (RuntimeException e) {
                    log.error("playout tick failed; abandoning its playback", e);
                    p.abort(e);
                }
            }
            deadline += PERIOD_NANOS;
        }
    }
}
