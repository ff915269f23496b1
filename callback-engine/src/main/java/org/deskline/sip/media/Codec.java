package org.deskline.sip.media;

/** The audio codecs the endpoint speaks, with their static RTP payload types (RFC 3551). */
enum Codec {
    PCMU(0),
    PCMA(8);

    private final int staticPayloadType;

    Codec(int staticPayloadType) {
        this.staticPayloadType = staticPayloadType;
    }

    int staticPayloadType() {
        return staticPayloadType;
    }

    /** The codec an rtpmap encoding name and clock rate denote, or null. */
    static Codec fromRtpmap(String encoding, int clockRate) {
        if (clockRate != Clip.SAMPLE_RATE) {
            return null;
        }
        for (Codec c : values()) {
            if (c.name().equalsIgnoreCase(encoding)) {
                return c;
            }
        }
        return null;
    }

    /** The codec a static payload type denotes when no rtpmap says otherwise, or null. */
    static Codec fromStaticPayloadType(int pt) {
        for (Codec c : values()) {
            if (c.staticPayloadType == pt) {
                return c;
            }
        }
        return null;
    }
}
