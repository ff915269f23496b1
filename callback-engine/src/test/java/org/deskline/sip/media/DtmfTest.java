package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DtmfTest {
    private static final int SSRC = 0x1234_5678;
    private static MediaEndpoint endpoint;

    private RtpPeer phone;
    private MediaSession session;
    private final BlockingQueue<String> keys = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() {
        endpoint = new MediaEndpoint(new MediaConfig("127.0.0.1", "127.0.0.1", 41800, 41899));
        endpoint.start();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    @BeforeEach
    void open() {
        phone = new RtpPeer();
        session = endpoint.openSession();
        session.answer(phone.offer("0 8 101"));
        session.onDtmf(key -> {
            threads.add(Thread.currentThread().getName());
            keys.add(String.valueOf(key));
        });
    }

    @AfterEach
    void close() {
        session.close();
        phone.close();
    }

    /** The keys reported until none came for 100 ms. */
    private String received() throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        String k;
        while ((k = keys.poll(100, TimeUnit.MILLISECONDS)) != null) {
            sb.append(k);
        }
        return sb.toString();
    }

    @Test
    void reportsEachKeyOnceDespiteStartUpdateAndRepeatedEndPackets() throws Exception {
        long ts = 50_000;
        for (int event : new int[] {1, 0, 1, 11}) {
            phone.pressKey(session.localPort(), SSRC, ts, event);
            ts += 1600;
        }
        assertEquals("101#", received());
        assertEquals("deskline-media-rx", threads.poll());
    }

    @Test
    void reportsAKeyWhoseStartWasLost() throws Exception {
        for (int i = 0; i < 3; i++) {
            phone.sendEvent(session.localPort(), 101, SSRC, 90_000, false, 5, true, 800);
        }
        assertEquals("5", received());
    }

    @Test
    void reportsTheSameKeyTwiceWhenPressedTwice() throws Exception {
        phone.pressKey(session.localPort(), SSRC, 10_000, 5);
        phone.pressKey(session.localPort(), SSRC, 12_000, 5);
        for (int i = 0; i < 3; i++) {
            phone.sendEvent(session.localPort(), 101, SSRC, 14_000, false, 5, true, 480);
        }
        assertEquals("555", received());
    }

    @Test
    void knowsEverySixteenKeys() throws Exception {
        for (int event = 0; event < 16; event++) {
            phone.pressKey(session.localPort(), SSRC, 1000L + event * 1000L, event);
        }
        phone.pressKey(session.localPort(), SSRC, 40_000, 16);
        assertEquals("0123456789*#ABCD", received());
    }

    @Test
    void ignoresALateEndPacketOfThePreviousKey() throws Exception {
        phone.pressKey(session.localPort(), SSRC, 10_000, 1);
        phone.sendEvent(session.localPort(), 101, SSRC, 12_000, true, 2, false, 160);
        phone.sendEvent(session.localPort(), 101, SSRC, 10_000, false, 1, true, 640);
        phone.sendEvent(session.localPort(), 101, SSRC, 12_000, false, 2, true, 640);
        assertEquals("12", received());
    }

    @Test
    void timestampsWrappingAroundAndANewSsrcAreNewKeys() throws Exception {
        phone.pressKey(session.localPort(), SSRC, 0xFFFF_FF00L, 3);
        phone.pressKey(session.localPort(), SSRC, 0x0000_0100L, 4);
        phone.pressKey(session.localPort(), SSRC + 1, 0x0000_0100L, 4);
        assertEquals("344", received());
    }

    @Test
    void aLongKeySplitIntoSegmentsIsOneKey() throws Exception {
        phone.sendEvent(session.localPort(), 101, SSRC, 100_000, true, 9, false, 0xFFFF);
        phone.sendEvent(session.localPort(), 101, SSRC, 100_000 + 0xFFFF, false, 9, false, 800);
        phone.sendEvent(session.localPort(), 101, SSRC, 100_000 + 0xFFFF, false, 9, true, 1600);
        assertEquals("9", received());
    }

    @Test
    void ignoresAudioAndPacketsOfOtherPayloadTypes() throws Exception {
        phone.sendEvent(session.localPort(), 0, SSRC, 1000, false, 7, true, 160);
        phone.sendEvent(session.localPort(), 96, SSRC, 2000, false, 7, true, 160);
        phone.send(session.localPort(), new byte[] {(byte) 0x80, 101, 0, 1});
        phone.send(session.localPort(), new byte[16]);
        assertEquals("", received());
    }

    @Test
    void sipInfoKeysReachTheSameListenerOnTheSameThread() throws Exception {
        session.injectDtmf('7');
        assertEquals("7", keys.poll(1, TimeUnit.SECONDS));
        phone.pressKey(session.localPort(), SSRC, 5000, 11);
        assertEquals("#", keys.poll(1, TimeUnit.SECONDS));
        session.injectDtmf(DtmfRelay.parse("application/dtmf-relay", "Signal=*\r\nDuration=160\r\n").orElseThrow());
        session.injectDtmf('d');
        assertEquals("*D", received());
        assertEquals("deskline-media-rx", threads.poll());
        assertEquals("deskline-media-rx", threads.poll());
        assertThrows(IllegalArgumentException.class, () -> session.injectDtmf('x'));
    }

    @Test
    void parsesInfoBodies() {
        assertEquals(Optional.of('5'), DtmfRelay.parse("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        assertEquals(Optional.of('#'), DtmfRelay.parse("Application/DTMF-Relay; charset=x", "signal = #\nduration=100"));
        assertEquals(Optional.of('*'), DtmfRelay.parse("application/dtmf-relay", "Signal=10\r\n"));
        assertEquals(Optional.of('#'), DtmfRelay.parse("application/dtmf-relay", "Signal=11\r\n"));
        assertEquals(Optional.of('B'), DtmfRelay.parse("application/dtmf", "b\r\n"));
        assertEquals(Optional.empty(), DtmfRelay.parse("application/dtmf-relay", "Duration=160\r\n"));
        assertEquals(Optional.empty(), DtmfRelay.parse("application/dtmf-relay", "Signal=16\r\n"));
        assertEquals(Optional.empty(), DtmfRelay.parse("text/plain", "Signal=5"));
        assertEquals(Optional.empty(), DtmfRelay.parse(null, "Signal=5"));
    }

    @Test
    void aThrowingListenerDoesNotStopReception() throws Exception {
        session.onDtmf(key -> {
            keys.add(String.valueOf(key));
            throw new IllegalStateException("listener bug");
        });
        phone.pressKey(session.localPort(), SSRC, 1000, 1);
        phone.pressKey(session.localPort(), SSRC, 3000, 2);
        assertEquals("12", received());
    }

    @Test
    void latchesTheFirstSourceAndIgnoresOthersUntilANewAddress() throws Exception {
        try (RtpPeer nat = new RtpPeer(); RtpPeer intruder = new RtpPeer()) {
            assertEquals(Optional.of(phone.address()), session.remoteAddress());
            nat.pressKey(session.localPort(), SSRC, 1000, 1);
            assertEquals("1", received());
            assertEquals(Optional.of(nat.address()), session.remoteAddress(), "latched to the real source");

            session.play(java.util.List.of(Clip.silence(Duration.ofMillis(20)))).get(1, TimeUnit.SECONDS);
            assertEquals(1, nat.receive(5, Duration.ofMillis(200)).size(), "RTP goes to the latched source");
            assertEquals(0, phone.receive(5, Duration.ofMillis(50)).size());

            intruder.pressKey(session.localPort(), SSRC, 9000, 9);
            assertEquals("", received());

            session.answer(phone.offer("0 8 101", "sendonly"));
            assertEquals(Optional.of(nat.address()), session.remoteAddress(), "same SDP address: latch kept");
            session.answer(intruder.offer("0 8 101"));
            assertEquals(Optional.of(intruder.address()), session.remoteAddress(), "new SDP address: latch reset");
            intruder.pressKey(session.localPort(), SSRC, 20_000, 9);
            assertEquals("9", received());
        }
    }

    @Test
    void aClosedSessionReportsNothing() throws Exception {
        session.close();
        session.injectDtmf('1');
        assertNull(keys.poll(150, TimeUnit.MILLISECONDS));
    }
}
