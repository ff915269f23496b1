package org.deskline.api.events;

import java.time.Duration;

/**
 * Tuning of the live-event connections.
 *
 * @param queueCapacity messages waiting for one connection before it is closed as too slow ({@code 4008})
 * @param sessionSweep how often every connection's session is checked again (revoked elsewhere, user
 *     deleted); expiry and signing out close a connection at once regardless
 * @param writerThreads writer threads ({@link Lane}s); each writes to its share of the connections
 * @param heartbeat how often each connection is pinged; one that answers nothing (no pong, no message)
 *     for three of these is closed as gone ({@link CloseCodes#TOO_SLOW})
 */
public record EventsConfig(int queueCapacity, Duration sessionSweep, int writerThreads, Duration heartbeat) {
    public static EventsConfig defaults() {
        return new EventsConfig(1024, Duration.ofSeconds(10), Math.max(2, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(30));
    }
}
