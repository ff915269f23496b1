package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Offer/answer through {@link MediaSession}: its state machine and what each exchange applies. */
class MediaSessionNegotiationTest {
    private static MediaEndpoint endpoint;

    @BeforeAll
    static void start() {
        endpoint = new MediaEndpoint(new MediaConfig("127.0.0.1", "127.0.0.1", 41000, 41099));
        endpoint.start();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
    }

    private static String offer(String media) {
        return "v=0\r\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\r\ns=-\r\n"
                + "c=IN IP4 198.51.100.7\r\nt=0 0\r\n" + media;
    }

    private static final String G711_AND_EVENTS = "m=audio 49170 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

    @Test
    void offerAndAnswerRoundTripBetweenTwoSessions() {
        try (MediaSession a = endpoint.openSession(); MediaSession b = endpoint.openSession()) {
            String offer = a.createOffer();
            assertTrue(offer.contains("m=audio " + a.localPort() + " RTP/AVP 0 8 101\r\n"), offer);
            assertTrue(offer.contains("a=fmtp:101 0-16\r\n"), offer);
            String answer = b.answer(offer);
            a.acceptAnswer(answer);
            assertEquals(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.localPort())),
                    a.remoteAddress());
            assertEquals(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.localPort())),
                    b.remoteAddress());
            assertEquals(Codec.PCMU, a.params().codec());
            assertEquals(Codec.PCMU, b.params().codec());
            assertEquals(101, a.params().eventPayloadType());
            assertEquals(101, b.params().eventPayloadType());
        }
    }

    @Test
    void offererAppliesTheAnswerersCodecChoiceAndHold() {
        try (MediaSession s = endpoint.openSession()) {
            s.createOffer();
            s.acceptAnswer(offer("m=audio 49170 RTP/AVP 8\r\na=recvonly\r\n"));
            assertEquals(Codec.PCMA, s.params().codec());
            assertEquals(-1, s.params().eventPayloadType());
            assertEquals(Direction.SENDONLY, s.params().direction());
        }
    }

    @Test
    void anAnswerRejectingAudioIs488AndLeavesNoOfferOutstanding() {
        try (MediaSession s = endpoint.openSession()) {
            s.createOffer();
            SdpException e = assertThrows(SdpException.class,
                    () -> s.acceptAnswer(offer("m=audio 0 RTP/AVP 0\r\n")));
            assertEquals(488, e.status());
            assertEquals(Optional.empty(), s.remoteAddress());
            s.createOffer();
            assertThrows(SdpException.class, () -> s.acceptAnswer(offer("m=audio 5000 RTP/AVP 18\r\n")));
            s.createOffer();
            s.acceptAnswer(offer("m=audio 5000 RTP/AVP 0\r\n"));
            assertEquals(5000, s.remoteAddress().orElseThrow().getPort());
        }
    }

    @Test
    void outOfOrderStepsAre491() {
        try (MediaSession s = endpoint.openSession()) {
            assertEquals(491, assertThrows(SdpException.class, () -> s.acceptAnswer(offer(G711_AND_EVENTS))).status());
            s.createOffer();
            assertEquals(491, assertThrows(SdpException.class, s::createOffer).status());
            assertEquals(491, assertThrows(SdpException.class, () -> s.answer(offer(G711_AND_EVENTS))).status());
            s.close();
            assertThrows(IllegalStateException.class, () -> s.answer(offer(G711_AND_EVENTS)));
        }
    }

    @Test
    void reOffersAreAnsweredWithANewVersionAndAFailedOneChangesNothing() {
        try (MediaSession s = endpoint.openSession()) {
            String first = s.answer(offer(G711_AND_EVENTS));
            assertThrows(SdpException.class, () -> s.answer(offer("m=audio 49170 RTP/AVP 18\r\n")));
            String hold = s.answer(offer(G711_AND_EVENTS + "a=sendonly\r\n"));
            Sdp a = Sdp.parse(first);
            Sdp b = Sdp.parse(hold);
            assertEquals(a.origin().sessionId(), b.origin().sessionId());
            assertEquals(Long.parseLong(a.origin().sessionVersion()) + 1, Long.parseLong(b.origin().sessionVersion()));
            assertEquals(Direction.RECVONLY, s.params().direction());
            assertTrue(s.remoteAddress().isPresent());
        }
    }
}
