package org.deskline.sip.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Hands out bound, non-blocking UDP channels on the even ports of a range. Thread-safe: one short
 * monitor guards the bookkeeping, including the bind system calls (microseconds each).
 *
 * <p>Next-fit: the search starts after the last port handed out, so a released port is reused as
 * late as possible and stray packets of the previous call rarely reach the next one. A port some
 * other process holds fails to bind and is skipped (it is tried again on a later pass). Sockets
 * are bound without SO_REUSEADDR, so the kernel refuses a port already in use.
 */
final class PortAllocator {
    private final InetAddress bindAddress;
    private final int portMin;
    private final int portMax;
    private final int count;
    private final BitSet inUse;
    private int next;

    PortAllocator(InetAddress bindAddress, int portMin, int portMax) {
        this.bindAddress = bindAddress;
        this.portMin = portMin;
        this.portMax = portMax;
        this.count = (portMax - portMin) / 2 + 1;
        this.inUse = new BitSet(count);
    }

    /**
     * A channel bound to a free even port, in non-blocking mode.
     *
     * @throws MediaPortsExhaustedException if every port is taken, by us or by another process
     * @throws UncheckedIOException if a socket cannot be created for another reason
     */
    synchronized DatagramChannel open() {
        int busy = 0;
        for (int i = 0; i < count; i++) {
            int index = (next + i) % count;
            if (inUse.get(index)) {
                continue;
            }
            DatagramChannel channel = tryBind(portMin + 2 * index);
            if (channel == null) {
                busy++;
                continue;
            }
            inUse.set(index);
            next = (index + 1) % count;
            return channel;
        }
        throw new MediaPortsExhaustedException("no free RTP port in " + portMin + "-" + portMax + " on "
                + bindAddress.getHostAddress() + ": " + inUse.cardinality() + " in use by sessions, "
                + busy + " bound by other processes");
    }

    /** Returns {@code port} to the pool; call only after its channel is closed. */
    synchronized void release(int port) {
        int index = (port - portMin) / 2;
        if (port < portMin || port > portMax || port % 2 != 0 || !inUse.get(index)) {
            throw new IllegalArgumentException("port " + port + " was not allocated here");
        }
        inUse.clear(index);
    }

    synchronized int inUse() {
        return inUse.cardinality();
    }

    private DatagramChannel tryBind(int port) {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(bindAddress.getAddress().length == 4
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            channel.bind(new InetSocketAddress(bindAddress, port));
            channel.configureBlocking(false);
            return channel;
        } catch (BindException e) {
            closeQuietly(channel);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open an RTP socket on port " + port, e);
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was bound, or the close failed: either way there is nothing left to release
            }
        }
    }
}
