package org.deskline.testkit.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtpPeerTest {
    private static final Duration T = Duration.ofSeconds(3);
    private RtpPeer a;
    private RtpPeer b;

    @BeforeEach
    void open() {
        a = RtpPeer.open("a");
        b = RtpPeer.open("b");
        a.remote(b.localAddress());
        b.remote(a.localAddress());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void bindsEvenPortWithRtcpAbove() {
        assertEquals(0, a.port() % 2);
        assertEquals(0, b.port() % 2);
    }

    @Test
    void audioIsPacedAt20msAndArrivesWithItsLevelAndFrequency() {
        a.startTone(440);
        b.payloadType(G711.PCMA).startTone(1000);
        b.awaitAudioPackets(25, T);
        a.awaitAudioPackets(25, T);

        List<RtpPacket> got = b.receivedAudioPackets();
        assertTrue(got.get(0).marker(), "first packet of a talkspurt carries the marker");
        for (int i = 1; i < got.size(); i++) {
            assertEquals((got.get(i - 1).sequence() + 1) & 0xFFFF, got.get(i).sequence());
            assertEquals((got.get(i - 1).timestamp() + 160) & 0xFFFFFFFFL, got.get(i).timestamp());
            assertEquals(160, got.get(i).payload().length);
        }
        assertEquals(G711.PCMU, got.get(0).payloadType());
        assertEquals(G711.PCMA, a.receivedAudioPackets().get(0).payloadType());
        double gapMs = b.meanInterArrival().toNanos() / 1e6;
        assertTrue(gapMs > 15 && gapMs < 25, "mean inter-arrival " + gapMs + " ms");
        assertTrue(b.receivedRms() > 5000, b.describe());
        assertTrue(Audio.toneShare(b.receivedAudio(), 440) > 0.9, b.describe());
        assertTrue(Audio.toneShare(a.receivedAudio(), 1000) > 0.9, a.describe());
    }

    @Test
    void dtmfDigitsFollowRfc4733() {
        a.startTone(440);
        a.sendDtmf("159#*D");
        b.awaitDigits("159#*D", T);
        org.deskline.testkit.Await.until(T, "the last end packet's retransmissions",
                () -> b.receivedDtmfEvents().get(5).packets() == 7, b::describe);

        List<DtmfEvent> events = b.receivedDtmfEvents();
        assertEquals(6, events.size());
        for (DtmfEvent e : events) {
            assertTrue(e.ended(), e.toString());
            assertTrue(e.markerSeen(), "start packet has the marker: " + e);
            assertEquals(800, e.duration(), "100 ms at 8 kHz: " + e);
            assertEquals(4 + 3, e.packets(), "4 updates then the end 3 times: " + e);
        }
        List<RtpPacket> dtmfPackets = b.received().stream().filter(p -> p.payloadType() == 101)
                .collect(Collectors.toList());
        RtpPacket lastEnd = dtmfPackets.get(dtmfPackets.size() - 1);
        assertEquals(0x80, lastEnd.payload()[1] & 0x80, "end bit");
        assertTrue(b.receivedAudioPackets().size() > 0, "audio before and between the digits");
        // one sequence space for audio and events
        List<RtpPacket> all = b.received();
        for (int i = 1; i < all.size(); i++) {
            assertEquals((all.get(i - 1).sequence() + 1) & 0xFFFF, all.get(i).sequence(), "packet " + i);
        }
    }

    @Test
    void nothingIsSentWithoutRemoteOrWhileDisabled() {
        b.remote((java.net.InetSocketAddress) null);
        b.startTone(440);
        a.sendingEnabled(false).startTone(440);
        assertThrows(AssertionError.class, () -> a.awaitPackets(1, Duration.ofMillis(200)));
        assertThrows(AssertionError.class, () -> b.awaitPackets(1, Duration.ofMillis(10)));
        a.sendingEnabled(true);
        b.awaitPackets(5, T);
    }

    @Test
    void failureMessageDescribesTheStream() {
        AssertionError e = assertThrows(AssertionError.class, () -> b.awaitAudioPackets(1, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("RTP peer b"), e.getMessage());
        assertTrue(e.getMessage().contains("received 0"), e.getMessage());
    }

    @Test
    void symmetricPeerAnswersTheFirstSource() {
        RtpPeer c = RtpPeer.open("c").symmetric(true);
        try {
            c.startTone(440);
            a.remote(c.localAddress()).startTone(440);
            a.awaitAudioPackets(5, T);
            assertEquals(c.localAddress(), a.received().get(0).source());
        } finally {
            c.close();
        }
    }

    @Test
    void packetsRoundTrip() {
        byte[] data = RtpPacket.build(101, true, 65535, 0xFFFFFFF0L, 0xCAFEBABEL, new byte[] {1, 2, 3, 4});
        RtpPacket p = RtpPacket.parse(1, null, data, data.length).orElseThrow();
        assertEquals(101, p.payloadType());
        assertTrue(p.marker());
        assertEquals(65535, p.sequence());
        assertEquals(0xFFFFFFF0L, p.timestamp());
        assertEquals(0xCAFEBABEL, p.ssrc());
        assertEquals(4, p.payload().length);
        assertTrue(RtpPacket.parse(1, null, new byte[] {0x10, 0, 0}, 3).isEmpty());
    }
}
