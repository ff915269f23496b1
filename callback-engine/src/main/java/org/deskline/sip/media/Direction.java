package org.deskline.sip.media;

/** An RTP stream's direction attribute (RFC 3264 §5.1), always from the point of view of its writer. */
enum Direction {
    SENDRECV("sendrecv", true, true),
    SENDONLY("sendonly", true, false),
    RECVONLY("recvonly", false, true),
    INACTIVE("inactive", false, false);

    private final String attribute;
    private final boolean sends;
    private final boolean receives;

    Direction(String attribute, boolean sends, boolean receives) {
        this.attribute = attribute;
        this.sends = sends;
        this.receives = receives;
    }

    static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named by an SDP attribute, or null if {@code name} is not one. */
    static Direction fromAttribute(String name) {
        for (Direction d : values()) {
            if (d.attribute.equals(name)) {
                return d;
            }
        }
        return null;
    }

    String attribute() {
        return attribute;
    }

    boolean sends() {
        return sends;
    }

    boolean receives() {
        return receives;
    }
}
