package org.deskline.sip.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that receives RTP for every session: a selector over all their non-blocking
 * channels, reading into one shared buffer. Other threads reach it only through {@link #execute},
 * which queues a task and wakes the selector, so registration, closing and injected keys all run
 * on this thread, in order.
 *
 * <p>Closing a channel that is registered with a selector only closes its socket once the
 * selector has deregistered it; {@link #closeChannel} therefore runs its {@code released} callback
 * after the next {@code selectNow()}, when the port is really free again.
 */
final class Reactor {
    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    private static final int RECEIVE_BUFFER = 2048;

    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Runnable> afterDeregistration = new ArrayList<>();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private volatile boolean running;
    private Thread thread;

    Reactor() throws IOException {
        this.selector = Selector.open();
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "deskline-media-rx");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the receive thread; false (task dropped) once the reactor stopped. */
    boolean execute(Runnable task) {
        if (!running) {
            return false;
        }
        tasks.add(task);
        selector.wakeup();
        return true;
    }

    /** Starts reading {@code channel} for {@code receiver}. Receive thread only. */
    void register(DatagramChannel channel, RtpReceiver receiver) {
        try {
            channel.register(selector, SelectionKey.OP_READ, receiver);
        } catch (ClosedChannelException e) {
            log.debug("channel closed before it could be registered");
        }
    }

    /** Closes {@code channel}; {@code released} runs once its socket is closed. Receive thread only. */
    void closeChannel(DatagramChannel channel, Runnable released) {
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing an RTP channel failed", e);
        }
        afterDeregistration.add(released);
    }

    /** Stops the thread after it ran every queued task, and closes the selector. */
    void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        running = false;
        selector.wakeup();
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(5));
            if (t.isAlive()) {
                log.warn("media receive thread did not stop within 5 s (a DTMF listener blocking?); leaving it");
                return;
            }
        }
        // Tasks queued while the thread was stopping: run them here; no other thread uses the selector now.
        runTasks();
        try {
            selector.selectNow();
        } catch (IOException e) {
            log.warn("final select failed", e);
        }
        runAfterDeregistration();
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("closing the selector failed", e);
        }
    }

    private void run() {
        while (running) {
            runTasks();
            try {
                if (afterDeregistration.isEmpty()) {
                    selector.select(onKey);
                } else {
                    selector.selectNow(onKey);
                    runAfterDeregistration();
                }
            } catch (IOException e) {
                log.error("selector failed", e);
            }
        }
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((RtpReceiver) key.attachment()).onReadable(buffer);
        } catch (RuntimeException e) {
            log.error("receiving RTP failed", e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("media task failed", e);
            }
        }
    }

    private void runAfterDeregistration() {
        for (Runnable r : afterDeregistration) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("media release failed", e);
            }
        }
        afterDeregistration.clear();
    }
}
