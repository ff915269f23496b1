package org.deskline.api.events;

import java.time.Duration;

/**
 * Tuning of the live-event connections.
 *
 * @param queueCapacity messages waiting for one connection before it is closed as too slow ({@code 4008})
 * @param sessionSweep how often every connection's session is checked again (revoked elsewhere, user
 *     deleted); expiry and signing out close a connection at once regardless
 * @param writerThreads threads that write queued messages to the sockets
 */
public record EventsConfig(int queueCapacity, Duration sessionSweep, int writerThreads) {
    public static EventsConfig defaults() {
        return new EventsConfig(1024, Duration.ofSeconds(10), Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
