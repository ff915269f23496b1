package org.deskline.testkit.net;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for test peers.
 *
 * <p>Ports are drawn at random from 20000-31999 (below the Linux ephemeral range, so outgoing
 * sockets never take them), checked by binding, and never handed out twice in one JVM. Another
 * process can still take a port between the check and its use; the random draw makes that rare.
 * Thread-safe.
 */
public final class Ports {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> handedOut = new HashSet<>();

    private Ports() {
    }

    /** A port free for both UDP and TCP (SIP listens on both). */
    public static int freePort() {
        return freeRange(1, 1);
    }

    /** An even port {@code p} with {@code p} and {@code p + 1} free over UDP and TCP: RTP and RTCP. */
    public static int freeEvenPortPair() {
        return freeRange(2, 2);
    }

    /** The first of {@code count} consecutive free ports (e.g. baresip's {@code rtp_ports}, or SIP and TLS). */
    public static int freeRange(int count) {
        return freeRange(count, 1);
    }

    private static synchronized int freeRange(int count, int alignment) {
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("count must be 1..200: " + count);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = LOW + random.nextInt(HIGH - LOW - count);
            first -= first % alignment;
            if (allFree(first, count)) {
                for (int p = first; p < first + count; p++) {
                    handedOut.add(p);
                }
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }

    private static boolean allFree(int first, int count) {
        for (int p = first; p < first + count; p++) {
            if (handedOut.contains(p) || !isFree(p)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code port} can be bound on 127.0.0.1 for both UDP and TCP right now. */
    public static boolean isFree(int port) {
        try (DatagramSocket udp = new DatagramSocket(null); ServerSocket tcp = new ServerSocket()) {
            udp.setReuseAddress(false);
            udp.bind(new InetSocketAddress(LOOPBACK, port));
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
