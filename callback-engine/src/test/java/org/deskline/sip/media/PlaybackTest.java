package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlaybackTest {
    private static final Duration IDLE = Duration.ofMillis(150);
    private static MediaEndpoint endpoint;

    @BeforeAll
    static void start() {
        endpoint = new MediaEndpoint(new MediaConfig("127.0.0.1", "127.0.0.1", 41200, 41799));
        endpoint.start();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    /** {@code samples} of a 1 kHz tone, so padding (0xFF) is distinguishable from content. */
    private static Clip tone(String name, int samples) {
        byte[] mu = new byte[samples];
        for (int i = 0; i < samples; i++) {
            mu[i] = G711.linearToMu((int) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0 + 0.3)));
        }
        return Clip.ofMuLaw(name, mu);
    }

    private static void assertContinuous(List<RtpPeer.Packet> packets, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            RtpPeer.Packet prev = packets.get(i - 1);
            RtpPeer.Packet p = packets.get(i);
            assertEquals((prev.sequence() + 1) & 0xFFFF, p.sequence(), "sequence at " + i);
            assertEquals((prev.timestamp() + 160) & 0xFFFFFFFFL, p.timestamp(), "timestamp at " + i);
            assertFalse(p.marker(), "marker at " + i);
            assertEquals(prev.ssrc(), p.ssrc(), "ssrc at " + i);
        }
    }

    @Test
    void sendsAPromptAsPacedContinuousPcmuPackets() throws Exception {
        Clip clip = tone("tone", 4100);
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("0 8 101"));
            long start = System.nanoTime();
            CompletableFuture<Void> done = s.play(List.of(clip));
            List<RtpPeer.Packet> packets = phone.receive(1000, IDLE);
            done.get(1, TimeUnit.SECONDS);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(26, packets.size(), "4100 samples make 26 packets of 160");
            assertTrue(packets.get(0).marker(), "marker on the first packet");
            assertContinuous(packets, 0, packets.size());
            for (RtpPeer.Packet p : packets) {
                assertEquals(0, p.payloadType());
                assertEquals(160, p.payload().length);
            }
            byte[] sent = new byte[26 * 160];
            for (int i = 0; i < packets.size(); i++) {
                System.arraycopy(packets.get(i).payload(), 0, sent, i * 160, 160);
            }
            byte[] expected = new byte[26 * 160];
            java.util.Arrays.fill(expected, G711.MU_SILENCE);
            System.arraycopy(clip.toMuLaw(), 0, expected, 0, 4100);
            assertArrayEquals(expected, sent, "payload is the clip, padded with silence");

            double spanMillis = (packets.get(25).arrivalNanos() - packets.get(0).arrivalNanos()) / 1e6;
            double meanGap = spanMillis / 25;
            assertTrue(meanGap >= 18 && meanGap <= 22, "mean inter-arrival " + meanGap + " ms");
            assertTrue(spanMillis >= 25 * 20 - 40 && spanMillis <= 25 * 20 + 60, "span " + spanMillis + " ms");
            assertTrue(elapsedMillis >= 480, "the future completed after the clip played: " + elapsedMillis + " ms");
        }
    }

    @Test
    void transcodesToPcmaWhenThatIsNegotiated() throws Exception {
        Clip clip = tone("tone", 320);
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("8 0 101"));
            s.play(List.of(clip)).get(1, TimeUnit.SECONDS);
            List<RtpPeer.Packet> packets = phone.receive(10, IDLE);
            assertEquals(2, packets.size());
            byte[] mu = clip.toMuLaw();
            for (int i = 0; i < 2; i++) {
                assertEquals(8, packets.get(i).payloadType());
                for (int j = 0; j < 160; j++) {
                    assertEquals(G711.MU_TO_A[mu[i * 160 + j] & 0xFF], packets.get(i).payload()[j]);
                }
            }
        }
    }

    @Test
    void consecutivePromptsContinueTheStreamAndAPauseStartsATalkspurt() throws Exception {
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("0 101"));
            CompletableFuture<Void> first = s.play(List.of(tone("a", 800)));
            CompletableFuture<Void> second = s.play(List.of(tone("b", 800), tone("c", 800)));
            List<RtpPeer.Packet> burst = phone.receive(15, IDLE);
            first.get(1, TimeUnit.SECONDS);
            second.get(1, TimeUnit.SECONDS);
            assertEquals(15, burst.size());
            assertTrue(burst.get(0).marker());
            assertContinuous(burst, 0, 15);

            Thread.sleep(200); // the pause under test
            s.play(List.of(tone("d", 320))).get(1, TimeUnit.SECONDS);
            List<RtpPeer.Packet> later = phone.receive(2, IDLE);
            assertEquals(2, later.size());
            RtpPeer.Packet last = burst.get(14);
            RtpPeer.Packet next = later.get(0);
            assertEquals((last.sequence() + 1) & 0xFFFF, next.sequence(), "sequence numbers never skip");
            assertTrue(next.marker(), "a new talkspurt after the pause");
            long jump = (next.timestamp() - last.timestamp()) & 0xFFFFFFFFL;
            assertEquals(0, jump % 160, "timestamp stays on the 20 ms grid");
            assertTrue(jump >= 160 * 10, "timestamp follows the wall clock across the pause: " + jump);
            assertEquals(last.ssrc(), next.ssrc());
            assertContinuous(later, 0, 2);
        }
    }

    @Test
    void loopsRingbackUntilStopped() throws Exception {
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("0 101"));
            CompletableFuture<Void> ringing = s.playLoop(Tone.RINGBACK);
            CompletableFuture<Void> afterwards = s.play(List.of(tone("never", 160)));
            List<RtpPeer.Packet> packets = phone.receive(10, IDLE);
            assertEquals(10, packets.size());
            assertContinuous(packets, 0, 10);
            assertArrayEquals(java.util.Arrays.copyOf(Tone.RINGBACK.cycle().toMuLaw(), 160), packets.get(0).payload());
            assertFalse(ringing.isDone());
            s.stopPlayback();
            assertThrows(CancellationException.class, ringing::join);
            assertThrows(CancellationException.class, afterwards::join);
            List<RtpPeer.Packet> tail = phone.receive(100, Duration.ofMillis(150));
            assertTrue(tail.size() <= 2, "at most a packet in flight after stop: " + tail.size());
        }
    }

    @Test
    void ringbackIs425HzOneSecondOnFourOff() {
        byte[] cycle = Tone.RINGBACK.cycle().toMuLaw();
        assertEquals(5 * 8000, cycle.length);
        int crossings = 0;
        for (int i = 1; i < 8000; i++) {
            if (G711.muToLinear(cycle[i - 1]) < 0 && G711.muToLinear(cycle[i]) >= 0) {
                crossings++;
            }
        }
        assertTrue(Math.abs(crossings - 425) <= 2, "425 Hz: " + crossings + " rising crossings in 1 s");
        for (int i = 8000; i < cycle.length; i++) {
            assertEquals(G711.MU_SILENCE, cycle[i]);
        }
    }

    @Test
    void sendsNothingWhileHeldButThePromptStillFinishesOnTime() throws Exception {
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("0 101", "sendonly"));
            long start = System.nanoTime();
            s.play(List.of(tone("held", 1600))).get(1, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(160));
            assertEquals(0, phone.receive(10, Duration.ofMillis(100)).size());

            s.answer(phone.offer("0 101", "sendrecv"));
            s.play(List.of(tone("resumed", 160))).get(1, TimeUnit.SECONDS);
            assertEquals(1, phone.receive(10, IDLE).size());
        }
    }

    @Test
    void emptyPlaylistCompletesAndClosedSessionRefuses() throws Exception {
        MediaSession s = endpoint.openSession();
        s.play(List.of()).get(1, TimeUnit.SECONDS);
        CompletableFuture<Void> pending = s.play(List.of(tone("x", 8000)));
        s.close();
        assertThrows(CancellationException.class, pending::join);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> s.play(List.of(tone("y", 160))).get(1, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void twoHundredConcurrentPromptsStayPacedOnOneThreadAndCheaply() throws Exception {
        int sessions = 200;
        int packetsEach = 40;
        int phones = 4; // 50 streams per receiving socket keeps a 20 ms burst within a default socket buffer
        Clip clip = tone("load", 160 * packetsEach);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long pacerId = threadId("deskline-media-pacer");
        List<RtpPeer> peers = new ArrayList<>();
        List<MediaSession> open = new ArrayList<>();
        ExecutorService receivers = Executors.newFixedThreadPool(phones);
        try {
            for (int i = 0; i < phones; i++) {
                peers.add(new RtpPeer());
            }
            for (int i = 0; i < sessions; i++) {
                MediaSession s = endpoint.openSession();
                open.add(s);
                s.answer(peers.get(i % phones).offer("0 101"));
            }
            List<Future<List<RtpPeer.Packet>>> received = new ArrayList<>();
            for (RtpPeer peer : peers) {
                received.add(receivers.submit(() -> peer.receive(sessions / phones * packetsEach, Duration.ofMillis(500))));
            }
            long cpuBefore = threads.getThreadCpuTime(pacerId);
            long start = System.nanoTime();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (MediaSession s : open) {
                futures.add(s.play(List.of(clip)));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(3, TimeUnit.SECONDS);
            double wallMillis = (System.nanoTime() - start) / 1e6;
            double cpuMillis = (threads.getThreadCpuTime(pacerId) - cpuBefore) / 1e6;
            List<RtpPeer.Packet> packets = new ArrayList<>();
            for (Future<List<RtpPeer.Packet>> f : received) {
                packets.addAll(f.get(3, TimeUnit.SECONDS));
            }

            assertEquals(sessions * packetsEach, packets.size(), "every packet of every session arrived");
            Map<Integer, List<RtpPeer.Packet>> bySsrc = new HashMap<>();
            for (RtpPeer.Packet p : packets) {
                bySsrc.computeIfAbsent(p.ssrc(), k -> new ArrayList<>()).add(p);
            }
            assertEquals(sessions, bySsrc.size(), "one SSRC per session");
            for (List<RtpPeer.Packet> stream : bySsrc.values()) {
                assertEquals(packetsEach, stream.size());
                assertContinuous(stream, 0, stream.size());
                double span = (stream.get(packetsEach - 1).arrivalNanos() - stream.get(0).arrivalNanos()) / 1e6;
                assertTrue(span > (packetsEach - 1) * 20 - 100 && span < (packetsEach - 1) * 20 + 200,
                        "per-session span " + span + " ms");
            }
            assertTrue(wallMillis < packetsEach * 20 + 1000, "all prompts played in " + wallMillis + " ms");
            // 8,000 packets of a few microseconds each; the bound is generous: a third of one core.
            assertTrue(cpuMillis < wallMillis / 3, "pacer CPU " + cpuMillis + " ms over " + wallMillis + " ms");
            System.out.printf("200 sessions: pacer CPU %.1f ms over %.1f ms wall%n", cpuMillis, wallMillis);
        } finally {
            receivers.shutdownNow();
            for (MediaSession s : open) {
                s.close();
            }
            for (RtpPeer peer : peers) {
                peer.close();
            }
        }
    }

    private static long threadId(String name) {
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (info.getThreadName().equals(name)) {
                return info.getThreadId();
            }
        }
        throw new AssertionError("no thread " + name);
    }

    @Test
    void playbackFuturesDoNotCompleteOnThePacer() throws Exception {
        try (RtpPeer phone = new RtpPeer(); MediaSession s = endpoint.openSession()) {
            s.answer(phone.offer("0"));
            CompletableFuture<String> thread = new CompletableFuture<>();
            s.play(List.of(tone("t", 160))).whenComplete((v, e) -> thread.complete(Thread.currentThread().getName()));
            String name = thread.get(1, TimeUnit.SECONDS);
            assertFalse(name.startsWith("deskline-media"), name);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
