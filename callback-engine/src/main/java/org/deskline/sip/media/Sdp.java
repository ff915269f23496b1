package org.deskline.sip.media;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session description (RFC 4566): the parts offer/answer needs, parsed strictly and written
 * back in canonical form. Immutable.
 *
 * <p>Strict means: {@code v=0} first; exactly one {@code o=} and {@code s=} and at least one
 * {@code t=} at session level; every line {@code <letter>=<value>}; at most one {@code c=} per
 * level; well-formed {@code m=}, {@code c=}, {@code a=rtpmap} and {@code a=fmtp}; numeric payload
 * types 0-127 on RTP streams; every stream with a non-zero port has a connection at its own or at
 * session level. Anything else is {@link SdpException.Kind#MALFORMED}. Lines of unknown type
 * ({@code b=}, {@code i=}, {@code k=} …) and unknown attributes are skipped, as RFC 4566 §5 asks.
 * Lines may end in CRLF or LF; {@link #format()} writes CRLF.
 */
record Sdp(Origin origin, String sessionName, Connection connection, List<Attribute> attributes, List<Media> media) {
    /** Longer descriptions are refused: SIP over UDP carries a few hundred bytes of SDP. */
    static final int MAX_LENGTH = 16 * 1024;

    Sdp {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** {@code o=} line. */
    record Origin(String username, String sessionId, String sessionVersion, String addressType, String address) {
        String format() {
            return username + " " + sessionId + " " + sessionVersion + " IN " + addressType + " " + address;
        }
    }

    /** {@code c=} line, without the multicast TTL and count. */
    record Connection(String addressType, String address) {
        static Connection of(InetAddress address) {
            return new Connection(address.getAddress().length == 4 ? "IP4" : "IP6", address.getHostAddress());
        }

        /**
         * The address, parsed without a name lookup.
         *
         * @throws IllegalArgumentException if it is a host name rather than an IP literal
         */
        InetAddress inet() {
            return InetLiterals.parse(address);
        }

        /** RFC 2543 hold: 0.0.0.0 (or :: in IPv6), a peer that must not be sent to. */
        boolean isHold() {
            return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
        }

        String format() {
            return "IN " + addressType + " " + address;
        }
    }

    /** {@code a=name} or {@code a=name:value}; {@code value} is null for a property attribute. */
    record Attribute(String name, String value) {
        String format() {
            return value == null ? name : name + ":" + value;
        }
    }

    /** {@code a=rtpmap:<pt> <encoding>/<clock>[/<parameters>]}. */
    record RtpMap(int payloadType, String encoding, int clockRate, String parameters) {
    }

    /** One {@code m=} section. */
    record Media(String type, int port, String proto, List<String> formats, Connection connection,
                 List<Attribute> attributes) {
        Media {
            formats = List.copyOf(formats);
            attributes = List.copyOf(attributes);
        }

        boolean isRtp() {
            return proto.startsWith("RTP/");
        }

        /** Payload types of an RTP stream, in the offerer's order of preference. */
        List<Integer> payloadTypes() {
            List<Integer> pts = new ArrayList<>(formats.size());
            for (String f : formats) {
                pts.add(Integer.parseInt(f));
            }
            return pts;
        }

        Optional<RtpMap> rtpmap(int payloadType) {
            for (Attribute a : attributes) {
                if (a.name().equals("rtpmap")) {
                    RtpMap map = parseRtpmap(a.value(), -1);
                    if (map.payloadType() == payloadType) {
                        return Optional.of(map);
                    }
                }
            }
            return Optional.empty();
        }

        /** The media-level direction attribute, if there is one. */
        Optional<Direction> direction() {
            return directionIn(attributes);
        }
    }

    /** The stream's direction: its own attribute, else the session's, else sendrecv. */
    Direction directionOf(Media m) {
        return m.direction().or(() -> directionIn(attributes)).orElse(Direction.SENDRECV);
    }

    /** The stream's connection: its own {@code c=}, else the session's; null for a rejected stream without either. */
    Connection connectionOf(Media m) {
        return m.connection() != null ? m.connection() : connection;
    }

    String format() {
        StringBuilder sb = new StringBuilder(256);
        line(sb, 'v', "0");
        line(sb, 'o', origin.format());
        line(sb, 's', sessionName);
        if (connection != null) {
            line(sb, 'c', connection.format());
        }
        line(sb, 't', "0 0");
        for (Attribute a : attributes) {
            line(sb, 'a', a.format());
        }
        for (Media m : media) {
            String port = Integer.toString(m.port());
            line(sb, 'm', m.type() + " " + port + " " + m.proto() + " " + String.join(" ", m.formats()));
            if (m.connection() != null) {
                line(sb, 'c', m.connection().format());
            }
            for (Attribute a : m.attributes()) {
                line(sb, 'a', a.format());
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Parses {@code text} strictly (see the class comment).
     *
     * @throws SdpException of kind MALFORMED, saying which line is wrong
     */
    static Sdp parse(String text) {
        if (text == null || text.isBlank()) {
            throw SdpException.malformed("empty session description");
        }
        if (text.length() > MAX_LENGTH) {
            throw SdpException.malformed("session description longer than " + MAX_LENGTH + " characters");
        }
        String[] lines = text.split("\r?\n", -1);
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty()) {
            count--;
        }
        if (count == 0 || !lines[0].equals("v=0")) {
            throw SdpException.malformed("line 1: expected v=0");
        }

        Origin origin = null;
        String sessionName = null;
        Connection sessionConnection = null;
        boolean timing = false;
        List<Attribute> sessionAttributes = new ArrayList<>();
        List<Media> media = new ArrayList<>();

        MediaBuilder current = null;
        for (int i = 1; i < count; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw SdpException.malformed("line " + lineNo + ": not <type>=<value>: '" + abbreviate(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (current != null) {
                    media.add(current.build());
                }
                current = parseMediaLine(value, lineNo);
                continue;
            }
            if (current == null) {
                switch (type) {
                    case 'o':
                        if (origin != null) {
                            throw SdpException.malformed("line " + lineNo + ": second o= line");
                        }
                        origin = parseOrigin(value, lineNo);
                        break;
                    case 's':
                        if (sessionName != null) {
                            throw SdpException.malformed("line " + lineNo + ": second s= line");
                        }
                        sessionName = value;
                        break;
                    case 't':
                        timing = true;
                        break;
                    case 'c':
                        if (sessionConnection != null) {
                            throw SdpException.malformed("line " + lineNo + ": second session-level c= line");
                        }
                        sessionConnection = parseConnection(value, lineNo);
                        break;
                    case 'a':
                        sessionAttributes.add(parseAttribute(value, lineNo));
                        break;
                    case 'v':
                        throw SdpException.malformed("line " + lineNo + ": second v= line");
                    default:
                        break;
                }
            } else {
                switch (type) {
                    case 'c':
                        if (current.connection != null) {
                            throw SdpException.malformed("line " + lineNo + ": second c= line in a media section");
                        }
                        current.connection = parseConnection(value, lineNo);
                        break;
                    case 'a':
                        current.attributes.add(parseAttribute(value, lineNo));
                        break;
                    case 'v':
                    case 'o':
                    case 's':
                    case 't':
                        throw SdpException.malformed("line " + lineNo + ": " + type + "= inside a media section");
                    default:
                        break;
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (origin == null) {
            throw SdpException.malformed("no o= line");
        }
        if (sessionName == null) {
            throw SdpException.malformed("no s= line");
        }
        if (!timing) {
            throw SdpException.malformed("no t= line");
        }
        for (int i = 0; i < media.size(); i++) {
            Media m = media.get(i);
            if (m.port() != 0 && m.connection() == null && sessionConnection == null) {
                throw SdpException.malformed("media section " + (i + 1) + " has no connection address");
            }
        }
        return new Sdp(origin, sessionName, sessionConnection, sessionAttributes, media);
    }

    private static final class MediaBuilder {
        private final String type;
        private final int port;
        private final String proto;
        private final List<String> formats;
        private final int lineNo;
        private Connection connection;
        private final List<Attribute> attributes = new ArrayList<>();

        private MediaBuilder(String type, int port, String proto, List<String> formats, int lineNo) {
            this.type = type;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
            this.lineNo = lineNo;
        }

        private Media build() {
            for (Attribute a : attributes) {
                if (a.name().equals("rtpmap")) {
                    parseRtpmap(a.value(), lineNo);
                } else if (a.name().equals("fmtp") && (a.value() == null || a.value().isBlank())) {
                    throw SdpException.malformed("media section at line " + lineNo + ": bad a=fmtp");
                }
            }
            return new Media(type, port, proto, formats, connection, attributes);
        }
    }

    private static MediaBuilder parseMediaLine(String value, int lineNo) {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw SdpException.malformed("line " + lineNo + ": m= needs media, port, proto and a format");
        }
        for (String field : f) {
            if (field.isEmpty()) {
                throw SdpException.malformed("line " + lineNo + ": empty field in m=");
            }
        }
        String portField = f[1];
        int slash = portField.indexOf('/');
        int port = parseInt(slash < 0 ? portField : portField.substring(0, slash), 0, 65535, "port", lineNo);
        if (slash >= 0) {
            parseInt(portField.substring(slash + 1), 1, 65535, "port count", lineNo);
        }
        String proto = f[2];
        List<String> formats = new ArrayList<>(f.length - 3);
        for (int i = 3; i < f.length; i++) {
            if (proto.startsWith("RTP/")) {
                parseInt(f[i], 0, 127, "payload type", lineNo);
            }
            formats.add(f[i]);
        }
        return new MediaBuilder(f[0], port, proto, formats, lineNo);
    }

    private static Origin parseOrigin(String value, int lineNo) {
        String[] f = value.split(" ");
        if (f.length != 6 || !f[3].equals("IN")) {
            throw SdpException.malformed("line " + lineNo + ": o= needs <user> <id> <version> IN <addrtype> <address>");
        }
        return new Origin(f[0], f[1], f[2], f[4], f[5]);
    }

    private static Connection parseConnection(String value, int lineNo) {
        String[] f = value.split(" ");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6")) || f[2].isEmpty()) {
            throw SdpException.malformed("line " + lineNo + ": c= needs IN IP4|IP6 <address>");
        }
        String address = f[2];
        int slash = address.indexOf('/');
        if (slash == 0) {
            throw SdpException.malformed("line " + lineNo + ": c= has no address");
        }
        return new Connection(f[1], slash < 0 ? address : address.substring(0, slash));
    }

    private static Attribute parseAttribute(String value, int lineNo) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            throw SdpException.malformed("line " + lineNo + ": bad attribute name");
        }
        return new Attribute(name, colon < 0 ? null : value.substring(colon + 1));
    }

    private static RtpMap parseRtpmap(String value, int lineNo) {
        String where = lineNo < 0 ? "" : "media section at line " + lineNo + ": ";
        if (value == null) {
            throw SdpException.malformed(where + "a=rtpmap without a value");
        }
        int space = value.indexOf(' ');
        if (space < 0) {
            throw SdpException.malformed(where + "a=rtpmap needs <pt> <encoding>/<clock>");
        }
        int pt = parseInt(value.substring(0, space), 0, 127, "rtpmap payload type", lineNo);
        String[] enc = value.substring(space + 1).split("/", 3);
        if (enc.length < 2 || enc[0].isEmpty()) {
            throw SdpException.malformed(where + "a=rtpmap needs <pt> <encoding>/<clock>");
        }
        int clock = parseInt(enc[1], 1, Integer.MAX_VALUE, "rtpmap clock rate", lineNo);
        return new RtpMap(pt, enc[0], clock, enc.length == 3 ? enc[2] : null);
    }

    private static Optional<Direction> directionIn(List<Attribute> attributes) {
        for (Attribute a : attributes) {
            Direction d = Direction.fromAttribute(a.name());
            if (d != null && a.value() == null) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static int parseInt(String s, int min, int max, String what, int lineNo) {
        String where = lineNo < 0 ? "" : "line " + lineNo + ": ";
        if (s.isEmpty() || s.length() > 10) {
            throw SdpException.malformed(where + "bad " + what + " '" + abbreviate(s) + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw SdpException.malformed(where + "bad " + what + " '" + abbreviate(s) + "'");
            }
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw SdpException.malformed(where + what + " out of range: " + s);
        }
        return (int) v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static void line(StringBuilder sb, char type, String value) {
        sb.append(type).append('=').append(value).append("\r\n");
    }
}
