package org.deskline.sip.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's RTP endpoint for calls it answers itself. Owns two threads for all sessions,
 * however many: the pacer (sends every session's packets on one 20 ms grid, see {@link Pacer})
 * and the receive thread (one selector over every session's socket, see {@link Reactor}), plus
 * the RTP port range (see {@link MediaConfig}). A session costs a socket, a 172-byte packet
 * buffer and a few objects; no thread.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #openSession()} per call, {@link #close()} at
 * shutdown (closes the remaining sessions, then stops the threads). Thread-safe.
 *
 * <p>Callbacks: playback futures and {@link MediaSession#closeFuture()} complete on the callback
 * executor (by default the common fork-join pool), so code chained to them never runs on, or
 * stalls, the pacer. DTMF listeners run on the receive thread (see {@link MediaSession}).
 */
public final class MediaEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEndpoint.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final MediaConfig config;
    private final Executor callbacks;
    private final InetAddress advertise;
    private final PortAllocator allocator;
    private final Pacer pacer = new Pacer();
    private final Set<MediaSession> sessions = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong();
    private volatile State state = State.NEW;
    private Reactor reactor;

    /** An endpoint completing playback futures on the common fork-join pool. */
    public MediaEndpoint(MediaConfig config) {
        this(config, ForkJoinPool.commonPool());
    }

    /** An endpoint completing playback futures on {@code callbackExecutor}. */
    public MediaEndpoint(MediaConfig config, Executor callbackExecutor) {
        this.config = config;
        this.callbacks = callbackExecutor;
        this.advertise = config.advertiseInet();
        this.allocator = new PortAllocator(config.bindInet(), config.portMin(), config.portMax());
    }

    /**
     * Starts the pacer and receive threads.
     *
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("media endpoint already " + state.name().toLowerCase());
        }
        try {
            reactor = new Reactor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the RTP selector", e);
        }
        reactor.start();
        pacer.start();
        state = State.RUNNING;
        log.info("media endpoint started: advertising {}, RTP ports {}-{} on {} ({} sessions)", config.advertiseAddress(),
                config.portMin(), config.portMax(), config.bindAddress(), config.portCount());
    }

    /**
     * A new session on a free even port, ready for an offer or to make one.
     *
     * @throws MediaPortsExhaustedException if the port range is used up (answer the call with 503)
     * @throws IllegalStateException if the endpoint is not running
     */
    public MediaSession openSession() {
        Reactor r;
        synchronized (this) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("media endpoint not running");
            }
            r = reactor;
        }
        DatagramChannel channel = allocator.open();
        int port = localPort(channel);
        MediaSession session = new MediaSession(ids.incrementAndGet(), this, r, pacer, allocator, callbacks, channel,
                port, advertise, random.nextInt(Integer.MAX_VALUE), random.nextInt(), random.nextInt(1 << 16),
                random.nextInt());
        sessions.add(session);
        if (state != State.RUNNING || !r.execute(() -> r.register(channel, session.receiver()))) {
            session.close();
            throw new IllegalStateException("media endpoint closed while opening a session");
        }
        log.debug("{} opened", session);
        return session;
    }

    /** Sessions opened and not yet released. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Sessions with audio queued or playing right now. */
    public int playingCount() {
        return pacer.playingCount();
    }

    public MediaConfig config() {
        return config;
    }

    /** Closes every session, then stops the threads. Idempotent; waits up to a few seconds for the threads. */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        for (MediaSession s : List.copyOf(sessions)) {
            s.close();
        }
        try {
            pacer.stop();
            if (reactor != null) {
                reactor.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("media endpoint closed");
    }

    void forget(MediaSession session) {
        sessions.remove(session);
    }

    private static int localPort(DatagramChannel channel) {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
