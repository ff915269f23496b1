package org.deskline.testkit.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The audio part of an SDP body (RFC 4566, offer/answer per RFC 3264), parsed leniently and built
 * for G.711 plus telephone-event.
 *
 * @param connectionAddress the media-level {@code c=} address, else the session-level one
 * @param audioPort         port of the first {@code m=audio} line (0 when rejected or absent)
 * @param payloadTypes      payload types of that line, in order
 * @param rtpmap            payload type to encoding ({@code PCMU/8000}, {@code telephone-event/8000})
 * @param direction         media-level direction attribute, else session-level, else sendrecv
 */
public record Sdp(String text, String connectionAddress, int audioPort, List<Integer> payloadTypes,
                  Map<Integer, String> rtpmap, Direction direction) {

    public static final String CONTENT_TYPE = "application/sdp";
    public static final int TELEPHONE_EVENT = 101;

    public enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The direction an answerer uses for an offer with this direction. */
        public Direction answer() {
            switch (this) {
                case SENDONLY:
                    return RECVONLY;
                case RECVONLY:
                    return SENDONLY;
                default:
                    return this;
            }
        }

        public boolean sends() {
            return this == SENDRECV || this == SENDONLY;
        }

        public boolean receives() {
            return this == SENDRECV || this == RECVONLY;
        }
    }

    public static Sdp parse(String text) {
        String sessionAddress = null;
        String mediaAddress = null;
        int port = 0;
        List<Integer> pts = new ArrayList<>();
        Map<Integer, String> rtpmap = new LinkedHashMap<>();
        Direction sessionDirection = null;
        Direction mediaDirection = null;
        boolean inAudio = false;
        boolean seenAudio = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2).trim();
            if (type == 'm') {
                inAudio = !seenAudio && value.startsWith("audio ");
                if (inAudio) {
                    seenAudio = true;
                    String[] parts = value.split("\\s+");
                    port = parts.length > 1 ? parseInt(parts[1].split("/")[0], 0) : 0;
                    for (int i = 3; i < parts.length; i++) {
                        int pt = parseInt(parts[i], -1);
                        if (pt >= 0) {
                            pts.add(pt);
                        }
                    }
                }
                continue;
            }
            boolean sessionLevel = !seenAudio;
            if (!sessionLevel && !inAudio) {
                continue;
            }
            if (type == 'c') {
                String[] parts = value.split("\\s+");
                String address = parts.length >= 3 ? parts[2].split("/")[0] : null;
                if (sessionLevel) {
                    sessionAddress = address;
                } else {
                    mediaAddress = address;
                }
            } else if (type == 'a') {
                Direction d = directionOf(value);
                if (d != null) {
                    if (sessionLevel) {
                        sessionDirection = d;
                    } else {
                        mediaDirection = d;
                    }
                } else if (value.startsWith("rtpmap:") && !sessionLevel) {
                    String[] parts = value.substring(7).split("\\s+", 2);
                    int pt = parseInt(parts[0], -1);
                    if (pt >= 0 && parts.length == 2) {
                        rtpmap.put(pt, parts[1].trim());
                    }
                }
            }
        }
        Direction direction = mediaDirection != null ? mediaDirection
                : sessionDirection != null ? sessionDirection : Direction.SENDRECV;
        return new Sdp(text, mediaAddress != null ? mediaAddress : sessionAddress, port, List.copyOf(pts),
                Map.copyOf(rtpmap), direction);
    }

    private static Direction directionOf(String attribute) {
        for (Direction d : Direction.values()) {
            if (d.attribute().equals(attribute)) {
                return d;
            }
        }
        return null;
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Held in the RFC 3264 sense (sendonly/inactive) or the RFC 2543 sense ({@code c=0.0.0.0}). */
    public boolean isHold() {
        return direction == Direction.SENDONLY || direction == Direction.INACTIVE || "0.0.0.0".equals(connectionAddress);
    }

    /** The payload type mapped to telephone-event, if any. */
    public Optional<Integer> telephoneEventPayloadType() {
        return rtpmap.entrySet().stream()
                .filter(e -> e.getValue().toLowerCase(Locale.ROOT).startsWith("telephone-event/"))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The first G.711 payload type of the media line (0 or 8), if any. */
    public Optional<Integer> firstG711() {
        return payloadTypes.stream().filter(pt -> pt == 0 || pt == 8).findFirst();
    }

    /**
     * Builds an audio SDP body for {@code codecs} (0 = PCMU, 8 = PCMA) plus telephone-event on
     * {@code dtmfPayloadType} (omitted when negative).
     */
    public static String build(long sessionId, long version, String address, int port, List<Integer> codecs,
                               int dtmfPayloadType, Direction direction) {
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(" RTP/AVP");
        StringBuilder a = new StringBuilder();
        for (int pt : codecs) {
            m.append(' ').append(pt);
            a.append("a=rtpmap:").append(pt).append(pt == 8 ? " PCMA/8000" : " PCMU/8000").append("\r\n");
        }
        if (dtmfPayloadType >= 0) {
            m.append(' ').append(dtmfPayloadType);
            a.append("a=rtpmap:").append(dtmfPayloadType).append(" telephone-event/8000\r\n")
                    .append("a=fmtp:").append(dtmfPayloadType).append(" 0-16\r\n");
        }
        return "v=0\r\n"
                + "o=- " + sessionId + " " + version + " IN IP4 " + address + "\r\n"
                + "s=deskline-testkit\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + m + "\r\n"
                + a
                + "a=ptime:20\r\n"
                + "a=" + direction.attribute() + "\r\n";
    }
}
