package org.deskline.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.deskline.sip.media.Sdp.Media;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdpTest {
    private static final OfferAnswer.Local LOCAL =
            new OfferAnswer.Local(InetLiterals.parse("192.0.2.10"), 20000, 4711, 1);

    private static String offer(String media) {
        return "v=0\r\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\r\ns=-\r\n"
                + "c=IN IP4 198.51.100.7\r\nt=0 0\r\n" + media;
    }

    private static final String G711_AND_EVENTS = "m=audio 49170 RTP/AVP 0 8 101\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n";

    private static OfferAnswer.Outcome answer(String sdp) {
        return OfferAnswer.answer(Sdp.parse(sdp), LOCAL);
    }

    @Test
    void answersWithThePcmuTheOffererPrefersAndEchoesTelephoneEvent() {
        OfferAnswer.Outcome out = answer(offer(G711_AND_EVENTS));
        assertEquals(Codec.PCMU, out.params().codec());
        assertEquals(101, out.params().eventPayloadType());
        assertEquals(new InetSocketAddress("198.51.100.7", 49170), out.params().remote());
        assertEquals(Direction.SENDRECV, out.params().direction());
        String text = out.sdp().format();
        assertTrue(text.contains("m=audio 20000 RTP/AVP 0 101\r\n"), text);
        assertTrue(text.contains("a=rtpmap:101 telephone-event/8000\r\n"), text);
        assertTrue(text.contains("a=fmtp:101 0-16\r\n"), text);
        assertTrue(text.contains("c=IN IP4 192.0.2.10\r\n"), text);
        assertTrue(text.contains("o=deskline 4711 1 IN IP4 192.0.2.10\r\n"), text);
        assertTrue(text.contains("a=sendrecv\r\n"), text);
        assertTrue(text.startsWith("v=0\r\n"), text);
    }

    @Test
    void answersWithPcmaWhenTheOffererListsItFirst() {
        OfferAnswer.Outcome out = answer(offer("m=audio 49170 RTP/AVP 18 8 0 101\r\n"
                + "a=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n"));
        assertEquals(Codec.PCMA, out.params().codec());
        assertEquals(8, out.params().audioPayloadType());
        assertTrue(out.sdp().format().contains("m=audio 20000 RTP/AVP 8 101\r\n"));
    }

    @Test
    void echoesTheOfferersDynamicEventPayloadType() {
        OfferAnswer.Outcome out = answer(offer("m=audio 49170 RTP/AVP 0 96\r\n"
                + "a=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-16\r\n"));
        assertEquals(96, out.params().eventPayloadType());
        String text = out.sdp().format();
        assertTrue(text.contains("m=audio 20000 RTP/AVP 0 96\r\n"), text);
        assertTrue(text.contains("a=fmtp:96 0-16\r\n"), text);
    }

    @Test
    void answersWithoutEventsWhenNoneAreOffered() {
        OfferAnswer.Outcome out = answer(offer("m=audio 49170 RTP/AVP 0\r\n"));
        assertEquals(-1, out.params().eventPayloadType());
        assertFalse(out.sdp().format().contains("telephone-event"));
    }

    @Test
    void acceptsG711UnderADynamicPayloadTypeAndIgnoresWideband() {
        OfferAnswer.Outcome out = answer(offer("m=audio 49170 RTP/AVP 97 98\r\n"
                + "a=rtpmap:97 PCMU/16000\r\na=rtpmap:98 pcma/8000\r\n"));
        assertEquals(Codec.PCMA, out.params().codec());
        assertEquals(98, out.params().audioPayloadType());
    }

    @Test
    void refusesAnOfferWithoutACommonCodecWith488() {
        SdpException e = assertThrows(SdpException.class, () -> answer(offer("m=audio 49170 RTP/AVP 18 9 101\r\n"
                + "a=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n")));
        assertEquals(SdpException.Kind.NOT_ACCEPTABLE, e.kind());
        assertEquals(488, e.status());
        assertEquals("sdp-not-acceptable", e.errorId());
        assertTrue(e.getMessage().contains("neither PCMU nor PCMA"), e.getMessage());
    }

    @Test
    void refusesSecureRtpAndVideoOnly() {
        assertThrows(SdpException.class, () -> answer(offer("m=audio 49170 RTP/SAVP 0\r\n")));
        SdpException e = assertThrows(SdpException.class, () -> answer(offer("m=video 49170 RTP/AVP 31\r\n")));
        assertEquals(488, e.status());
    }

    @Test
    void rejectsOtherStreamsWithPortZeroAndKeepsTheirOrder() {
        OfferAnswer.Outcome out = answer(offer("m=video 51372 RTP/AVP 31\r\n"
                + "m=audio 49170 RTP/SAVP 0\r\n" + G711_AND_EVENTS + "m=audio 49180 RTP/AVP 0\r\n"));
        List<Media> media = out.sdp().media();
        assertEquals(4, media.size());
        assertEquals(0, media.get(0).port());
        assertEquals("video", media.get(0).type());
        assertEquals(List.of("31"), media.get(0).formats());
        assertEquals(0, media.get(1).port());
        assertEquals(20000, media.get(2).port());
        assertEquals(0, media.get(3).port());
        assertEquals(49170, out.params().remote().getPort());
        Sdp.parse(out.sdp().format());
    }

    @Test
    void mirrorsTheOfferersDirection() {
        assertEquals(Direction.RECVONLY, answer(offer(G711_AND_EVENTS + "a=sendonly\r\n")).params().direction());
        assertEquals(Direction.SENDONLY, answer(offer(G711_AND_EVENTS + "a=recvonly\r\n")).params().direction());
        assertEquals(Direction.INACTIVE, answer(offer(G711_AND_EVENTS + "a=inactive\r\n")).params().direction());
        String held = answer(offer(G711_AND_EVENTS + "a=sendonly\r\n")).sdp().format();
        assertTrue(held.contains("a=recvonly\r\n"), held);
    }

    @Test
    void sessionLevelDirectionAppliesUnlessTheMediaSaysOtherwise() {
        String sessionSendonly = "v=0\r\no=a 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
                + "a=sendonly\r\n" + G711_AND_EVENTS;
        assertEquals(Direction.RECVONLY, answer(sessionSendonly).params().direction());
        assertEquals(Direction.SENDRECV, answer(sessionSendonly + "a=sendrecv\r\n").params().direction());
    }

    @Test
    void holdAddressMeansNeverSendThere() {
        String hold = "v=0\r\no=a 1 2 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n" + G711_AND_EVENTS;
        OfferAnswer.Outcome out = answer(hold);
        assertNull(out.params().remote());
        assertEquals(Direction.RECVONLY, out.params().direction());
        assertTrue(out.sdp().format().contains("a=recvonly\r\n"));
    }

    @Test
    void mediaLevelConnectionOverridesTheSessionOne() {
        String sdp = offer("m=audio 49170 RTP/AVP 0\r\nc=IN IP4 203.0.113.9\r\n");
        assertEquals(new InetSocketAddress("203.0.113.9", 49170), answer(sdp).params().remote());
        String noSessionLevel = "v=0\r\no=a 1 1 IN IP4 x.example\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/AVP 8\r\nc=IN IP4 203.0.113.9/127\r\n";
        assertEquals(new InetSocketAddress("203.0.113.9", 49170), answer(noSessionLevel).params().remote());
    }

    @Test
    void refusesAHostNameAsConnectionAddressWithoutResolvingIt() {
        SdpException e = assertThrows(SdpException.class,
                () -> answer(offer("m=audio 49170 RTP/AVP 0\r\nc=IN IP4 phone.invalid\r\n")));
        assertEquals(488, e.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "hello",
        "v=1\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "o=a 1 1 IN IP4 1.2.3.4\r\nv=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio four RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 abc\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 128\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:x PCMU/8000\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.5\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nbroken line\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP9 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
        "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\ns=again\r\n",
        "v=0\r\no=a 1 1 IN IP4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
    })
    void rejectsMalformedDescriptionsAs400(String sdp) {
        SdpException e = assertThrows(SdpException.class, () -> Sdp.parse(sdp));
        assertEquals(SdpException.Kind.MALFORMED, e.kind());
        assertEquals(400, e.status());
        assertEquals("sdp-malformed", e.errorId());
    }

    @Test
    void rejectsNullAndOverlongDescriptions() {
        assertThrows(SdpException.class, () -> Sdp.parse(null));
        String huge = offer(G711_AND_EVENTS + "a=x:" + "y".repeat(Sdp.MAX_LENGTH) + "\r\n");
        assertEquals(SdpException.Kind.MALFORMED, assertThrows(SdpException.class, () -> Sdp.parse(huge)).kind());
    }

    @Test
    void parsesLfOnlyDescriptionsAndSkipsUnknownLines() {
        String lf = "v=0\no=a 1 1 IN IP4 1.2.3.4\ns=\ni=info\nc=IN IP4 1.2.3.4\nb=AS:64\nt=0 0\n"
                + "m=audio 4000 RTP/AVP 0 101\nb=TIAS:64000\na=rtpmap:101 telephone-event/8000\na=rtcp:4001\n\n";
        Sdp sdp = Sdp.parse(lf);
        assertEquals(1, sdp.media().size());
        assertEquals(Optional.of(new Sdp.RtpMap(101, "telephone-event", 8000, null)), sdp.media().get(0).rtpmap(101));
        assertEquals("", sdp.sessionName());
    }

    @Test
    void formatThenParseIsTheSameDescription() {
        Sdp sdp = OfferAnswer.offer(LOCAL);
        assertEquals(sdp, Sdp.parse(sdp.format()));
        Sdp answer = answer(offer(G711_AND_EVENTS)).sdp();
        assertEquals(answer, Sdp.parse(answer.format()));
    }
}
