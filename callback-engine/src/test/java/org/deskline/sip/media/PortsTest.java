package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static MediaEndpoint endpoint(int min, int max) {
        MediaEndpoint e = new MediaEndpoint(new MediaConfig("127.0.0.1", "127.0.0.1", min, max));
        e.start();
        return e;
    }

    private static void assertBindable(int port) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            assertEquals(port, s.getLocalPort());
        }
    }

    @Test
    void allocatesDistinctEvenPortsInTheRangeAndReleasesThem() throws Exception {
        try (MediaEndpoint e = endpoint(42000, 42009)) {
            List<MediaSession> sessions = new ArrayList<>();
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                MediaSession s = e.openSession();
                sessions.add(s);
                assertEquals(0, s.localPort() % 2, "even port");
                assertTrue(s.localPort() >= 42000 && s.localPort() <= 42009);
                ports.add(s.localPort());
            }
            assertEquals(5, ports.size());
            assertEquals(5, e.sessionCount());

            MediaPortsExhaustedException full = assertThrows(MediaPortsExhaustedException.class, e::openSession);
            assertEquals(503, full.status());
            assertEquals("media-ports-exhausted", full.errorId());
            assertTrue(full.getMessage().contains("42000-42009"), full.getMessage());

            MediaSession first = sessions.get(0);
            first.close();
            first.closeFuture().get(2, TimeUnit.SECONDS);
            assertBindable(first.localPort());
            assertEquals(4, e.sessionCount());
            assertEquals(first.localPort(), e.openSession().localPort(), "the only free port is handed out again");
        }
    }

    @Test
    void skipsPortsAnotherProcessHolds() throws Exception {
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, 42100));
             MediaEndpoint e = endpoint(42100, 42103)) {
            assertEquals(42102, e.openSession().localPort());
            MediaPortsExhaustedException full = assertThrows(MediaPortsExhaustedException.class, e::openSession);
            assertTrue(full.getMessage().contains("1 in use by sessions, 1 bound by other processes"), full.getMessage());
            squatter.close();
            assertEquals(42100, e.openSession().localPort());
        }
    }

    @Test
    void nextFitDoesNotReuseAReleasedPortAtOnce() throws Exception {
        try (MediaEndpoint e = endpoint(42200, 42299)) {
            MediaSession a = e.openSession();
            a.close();
            a.closeFuture().get(2, TimeUnit.SECONDS);
            assertNotEquals(a.localPort(), e.openSession().localPort());
        }
    }

    @Test
    void closingTheEndpointClosesEverySocket() throws Exception {
        MediaEndpoint e = endpoint(42300, 42309);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MediaSession s = e.openSession();
            s.play(List.of(Tone.RINGBACK.cycle()));
            ports.add(s.localPort());
        }
        e.close();
        assertEquals(0, e.sessionCount());
        for (int port : ports) {
            assertBindable(port);
        }
        assertThrows(IllegalStateException.class, e::openSession);
        assertThrows(IllegalStateException.class, e::start);
    }

    @Test
    void concurrentAllocationNeverHandsOutAPortTwice() throws Exception {
        PortAllocator allocator = new PortAllocator(LOOPBACK, 42400, 42799);
        ConcurrentLinkedQueue<DatagramChannel> channels = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int t = 0; t < 8; t++) {
                pool.execute(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 20; i++) {
                            DatagramChannel c = allocator.open();
                            channels.add(c);
                            if (i % 3 == 0) {
                                int port = ((InetSocketAddress) c.getLocalAddress()).getPort();
                                channels.remove(c);
                                c.close();
                                allocator.release(port);
                            }
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            Set<Integer> ports = new HashSet<>();
            for (DatagramChannel c : channels) {
                assertTrue(ports.add(((InetSocketAddress) c.getLocalAddress()).getPort()));
            }
            assertEquals(8 * 13, ports.size());
            assertEquals(8 * 13, allocator.inUse());
        } finally {
            for (DatagramChannel c : channels) {
                c.close();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> allocator.release(42401));
    }

    @Test
    void configRefusesBadRangesAndAddresses() {
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "0.0.0.0", 20001, 20999));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "0.0.0.0", 21000, 20000));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "0.0.0.0", 1000, 2000));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "0.0.0.0", 20000, 70000));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("0.0.0.0", "0.0.0.0", 20000, 20999));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("pbx.example", "0.0.0.0", 20000, 20999));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "256.0.0.1", 20000, 20999));
        assertThrows(IllegalArgumentException.class, () -> new MediaConfig("127.0.0.1", "fe80::zz", 20000, 20999));
        assertEquals(500, MediaConfig.defaults("192.0.2.1").portCount());
        assertEquals(1, new MediaConfig("::1", "::", 20000, 20000).portCount());
    }
}
