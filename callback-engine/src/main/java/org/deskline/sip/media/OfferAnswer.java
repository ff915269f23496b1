package org.deskline.sip.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deskline.sip.media.Sdp.Attribute;
import org.deskline.sip.media.Sdp.Connection;
import org.deskline.sip.media.Sdp.Media;
import org.deskline.sip.media.Sdp.RtpMap;

/**
 * RFC 3264 offer/answer for one audio stream of G.711 plus RFC 4733 telephone events. Pure
 * functions of their arguments; thread-safe.
 *
 * <p>As answerer: the first audio {@code m=} line over RTP/AVP with PCMU or PCMA is accepted, with
 * the first of those two in the offerer's order (the offerer's preference, RFC 3264 §6.1), and
 * {@code telephone-event/8000} under the offerer's payload type if offered. Every other stream is
 * rejected with port 0, as §6 requires. The answer's direction is the offer's mirrored, except
 * that we never claim to send towards a hold address (0.0.0.0): a sendrecv offer on hold is
 * answered recvonly.
 *
 * <p>As offerer: PCMU, PCMA and telephone-event 101, sendrecv; the answer must keep the audio
 * stream and pick PCMU or PCMA.
 */
final class OfferAnswer {
    static final int OFFERED_EVENT_PAYLOAD_TYPE = 101;
    static final String EVENT_RANGE = "0-16";
    static final int PTIME_MILLIS = 20;
    static final String SESSION_NAME = "deskline";
    private static final String PROFILE = "RTP/AVP";
    private static final String EVENT_ENCODING = "telephone-event";

    private OfferAnswer() {
    }

    /** Our side of the description: where we receive, and the o= identity of this session. */
    record Local(InetAddress address, int port, long sessionId, long version) {
    }

    /** A description we produced and what it settles. */
    record Outcome(Sdp sdp, StreamParams params) {
    }

    /**
     * Answers {@code offer}.
     *
     * @throws SdpException NOT_ACCEPTABLE if no stream can be accepted, with the reasons
     */
    static Outcome answer(Sdp offer, Local local) {
        List<Media> answered = new ArrayList<>(offer.media().size());
        List<String> refusals = new ArrayList<>();
        StreamParams chosen = null;
        for (int i = 0; i < offer.media().size(); i++) {
            Media m = offer.media().get(i);
            if (chosen == null) {
                String refusal = refusal(m);
                if (refusal == null) {
                    Codec codec = firstCodec(m).orElseThrow();
                    int eventPt = eventPayloadType(m);
                    Connection c = offer.connectionOf(m);
                    InetSocketAddress remote = remote(c, m.port(), "offer");
                    Direction theirs = offer.directionOf(m);
                    Direction ours = Direction.of(theirs.receives() && remote != null, theirs.sends());
                    int audioPt = payloadTypeOf(m, codec);
                    chosen = new StreamParams(codec, audioPt, eventPt, remote, ours);
                    answered.add(audioMedia(local.port(), audioPt, codec, eventPt, ours));
                    continue;
                }
                refusals.add("stream " + (i + 1) + " (" + m.type() + "): " + refusal);
            }
            answered.add(new Media(m.type(), 0, m.proto(), m.formats(), null, List.of()));
        }
        if (chosen == null) {
            throw SdpException.notAcceptable(refusals.isEmpty() ? "offer has no media stream" : String.join("; ", refusals));
        }
        return new Outcome(description(local, answered), chosen);
    }

    /** Our offer: one sendrecv audio stream with PCMU, PCMA and telephone-event. */
    static Sdp offer(Local local) {
        List<Attribute> attributes = List.of(
                new Attribute("rtpmap", Codec.PCMU.staticPayloadType() + " PCMU/8000"),
                new Attribute("rtpmap", Codec.PCMA.staticPayloadType() + " PCMA/8000"),
                new Attribute("rtpmap", OFFERED_EVENT_PAYLOAD_TYPE + " " + EVENT_ENCODING + "/8000"),
                new Attribute("fmtp", OFFERED_EVENT_PAYLOAD_TYPE + " " + EVENT_RANGE),
                new Attribute("ptime", Integer.toString(PTIME_MILLIS)),
                new Attribute(Direction.SENDRECV.attribute(), null));
        List<String> formats = List.of(
                Integer.toString(Codec.PCMU.staticPayloadType()),
                Integer.toString(Codec.PCMA.staticPayloadType()),
                Integer.toString(OFFERED_EVENT_PAYLOAD_TYPE));
        return description(local, List.of(new Media("audio", local.port(), PROFILE, formats, null, attributes)));
    }

    /**
     * What the answer to our {@code offer} settles.
     *
     * @throws SdpException NOT_ACCEPTABLE if the answer rejects the audio stream or picks no G.711
     */
    static StreamParams acceptAnswer(Sdp offer, Sdp answer) {
        if (answer.media().size() != offer.media().size()) {
            throw SdpException.notAcceptable("answer has " + answer.media().size() + " media sections, the offer had "
                    + offer.media().size());
        }
        Media m = answer.media().get(0);
        if (m.port() == 0) {
            throw SdpException.notAcceptable("answerer rejected the audio stream");
        }
        if (!m.type().equals("audio") || !m.proto().equals(PROFILE)) {
            throw SdpException.notAcceptable("answer changed the stream to " + m.type() + " " + m.proto());
        }
        Codec codec = null;
        int audioPt = -1;
        for (int pt : m.payloadTypes()) {
            if (pt != Codec.PCMU.staticPayloadType() && pt != Codec.PCMA.staticPayloadType()) {
                continue;
            }
            Codec c = codecOf(m, pt);
            if (c != null && c.staticPayloadType() == pt) {
                codec = c;
                audioPt = pt;
                break;
            }
        }
        if (codec == null) {
            throw SdpException.notAcceptable("answer picked neither PCMU nor PCMA from the offer");
        }
        int eventPt = eventPayloadType(m) >= 0 ? OFFERED_EVENT_PAYLOAD_TYPE : -1;
        InetSocketAddress remote = remote(answer.connectionOf(m), m.port(), "answer");
        Direction theirs = answer.directionOf(m);
        Direction ours = Direction.of(theirs.receives() && remote != null, theirs.sends());
        return new StreamParams(codec, audioPt, eventPt, remote, ours);
    }

    /** Why we would reject offered stream {@code m}, or null if we accept it. */
    private static String refusal(Media m) {
        if (!m.type().equals("audio")) {
            return "only audio is supported";
        }
        if (m.port() == 0) {
            return "disabled by the offerer (port 0)";
        }
        if (!m.proto().equals(PROFILE)) {
            return "transport " + m.proto() + " not supported, only " + PROFILE;
        }
        if (firstCodec(m).isEmpty()) {
            return "neither PCMU nor PCMA offered";
        }
        return null;
    }

    private static Optional<Codec> firstCodec(Media m) {
        for (int pt : m.payloadTypes()) {
            Codec c = codecOf(m, pt);
            if (c != null) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static int payloadTypeOf(Media m, Codec codec) {
        for (int pt : m.payloadTypes()) {
            if (codecOf(m, pt) == codec) {
                return pt;
            }
        }
        throw new IllegalStateException(codec + " not in " + m.formats());
    }

    /** The G.711 codec payload type {@code pt} carries: by its rtpmap if present, else by the static assignment. */
    private static Codec codecOf(Media m, int pt) {
        Optional<RtpMap> map = m.rtpmap(pt);
        if (map.isPresent()) {
            RtpMap r = map.get();
            boolean mono = r.parameters() == null || r.parameters().equals("1");
            return mono ? Codec.fromRtpmap(r.encoding(), r.clockRate()) : null;
        }
        return pt < 96 ? Codec.fromStaticPayloadType(pt) : null;
    }

    private static int eventPayloadType(Media m) {
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpmap(pt);
            if (map.isPresent() && map.get().encoding().equalsIgnoreCase(EVENT_ENCODING)
                    && map.get().clockRate() == Clip.SAMPLE_RATE) {
                return pt;
            }
        }
        return -1;
    }

    private static InetSocketAddress remote(Connection c, int port, String which) {
        if (c.isHold()) {
            return null;
        }
        try {
            return new InetSocketAddress(c.inet(), port);
        } catch (IllegalArgumentException e) {
            throw SdpException.notAcceptable(which + " connection address is not an IP address: " + c.address());
        }
    }

    private static Media audioMedia(int port, int audioPt, Codec codec, int eventPt, Direction direction) {
        List<String> formats = new ArrayList<>(2);
        List<Attribute> attributes = new ArrayList<>(5);
        formats.add(Integer.toString(audioPt));
        attributes.add(new Attribute("rtpmap", audioPt + " " + codec.name() + "/8000"));
        if (eventPt >= 0) {
            formats.add(Integer.toString(eventPt));
            attributes.add(new Attribute("rtpmap", eventPt + " " + EVENT_ENCODING + "/8000"));
            attributes.add(new Attribute("fmtp", eventPt + " " + EVENT_RANGE));
        }
        attributes.add(new Attribute("ptime", Integer.toString(PTIME_MILLIS)));
        attributes.add(new Attribute(direction.attribute(), null));
        return new Media("audio", port, PROFILE, formats, null, attributes);
    }

    private static Sdp description(Local local, List<Media> media) {
        Connection c = Connection.of(local.address());
        Sdp.Origin origin = new Sdp.Origin("deskline", Long.toString(local.sessionId()), Long.toString(local.version()),
                c.addressType(), c.address());
        return new Sdp(origin, SESSION_NAME, c, List.of(), media);
    }
}
