package org.deskline.sip.callback;

import java.nio.charset.StandardCharsets;
import org.deskline.sip.leg.Body;

/**
 * Keeps the SDP origin ({@code o=}) of the user's session continuous (RFC 3264 §8: a later offer or
 * answer in a session repeats the origin with a higher version). The user's leg starts with the
 * server's own media, so when the target's SDP is later sent to the user (the bridging re-INVITE, and
 * any re-INVITE relayed from the target afterwards) its origin line is replaced by the server's, with
 * the version counting on. Everything else in the SDP passes unchanged; SDP towards the target is never
 * touched.
 *
 * <p>Threading: confined to the call's executor.
 */
final class SdpOrigin {
    private final String username;
    private final String sessionId;
    private final String address;
    private long version;

    private SdpOrigin(String username, String sessionId, long version, String address) {
        this.username = username;
        this.sessionId = sessionId;
        this.version = version;
        this.address = address;
    }

    /** The origin of the SDP the server sent first in the session (its media's offer). */
    static SdpOrigin of(String firstSdp) {
        String line = originLine(firstSdp);
        String[] f = line == null ? new String[0] : line.substring(2).trim().split(" +", 4);
        if (f.length < 4) {
            return new SdpOrigin("-", "0", 0, "IN IP4 0.0.0.0");
        }
        return new SdpOrigin(f[0], f[1], parse(f[2]), f[3]);
    }

    /** {@code body} with the server's origin and the next version, when it is SDP with an origin line. */
    Body toUser(Body body) {
        if (body == null || !body.isSdp()) {
            return body;
        }
        String sdp = new String(body.content(), StandardCharsets.UTF_8);
        String line = originLine(sdp);
        if (line == null) {
            return body;
        }
        version++;
        String ours = "o=" + username + " " + sessionId + " " + version + " " + address;
        return new Body(body.type(), body.subType(), sdp.replace(line, ours).getBytes(StandardCharsets.UTF_8));
    }

    private static String originLine(String sdp) {
        for (String l : sdp.split("\r?\n")) {
            if (l.startsWith("o=")) {
                return l;
            }
        }
        return null;
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
