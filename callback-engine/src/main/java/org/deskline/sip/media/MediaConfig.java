package org.deskline.sip.media;

import java.net.InetAddress;

/**
 * Where the media endpoint listens and what it tells peers. Validated on construction; immutable.
 *
 * @param advertiseAddress the IP address written into our SDP ({@code c=} and {@code o=}): the
 *     server's address as phones reach it, never a wildcard
 * @param bindAddress the local IP address RTP sockets bind to; {@code 0.0.0.0} for all interfaces
 * @param portMin the first RTP port, even (RTP uses even ports; the odd port above each is left to
 *     RTCP, which the endpoint does not implement and never binds)
 * @param portMax the last port of the range, inclusive; sessions get the even ports in
 *     {@code [portMin, portMax]}, so the range holds {@link #portCount()} concurrent sessions
 */
public record MediaConfig(String advertiseAddress, String bindAddress, int portMin, int portMax) {
    /** Default RTP range: 500 sessions. */
    public static final int DEFAULT_PORT_MIN = 20000;
    public static final int DEFAULT_PORT_MAX = 20999;
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

    /**
     * @throws IllegalArgumentException if an address is not an IP literal, the advertised one is a
     *     wildcard, or the port range is empty, odd-based or outside 1024-65535
     */
    public MediaConfig {
        InetAddress advertise = literal("advertiseAddress", advertiseAddress);
        if (advertise.isAnyLocalAddress()) {
            throw new IllegalArgumentException("advertiseAddress must be an address phones can reach, not " + advertiseAddress);
        }
        literal("bindAddress", bindAddress);
        if (portMin % 2 != 0) {
            throw new IllegalArgumentException("portMin must be even (RTP ports are even): " + portMin);
        }
        if (portMin < 1024 || portMax > 65535 || portMax < portMin) {
            throw new IllegalArgumentException("RTP port range must lie within 1024-65535 and not be empty: "
                    + portMin + "-" + portMax);
        }
    }

    /** {@link #DEFAULT_BIND_ADDRESS} and ports {@value #DEFAULT_PORT_MIN}-{@value #DEFAULT_PORT_MAX}. */
    public static MediaConfig defaults(String advertiseAddress) {
        return new MediaConfig(advertiseAddress, DEFAULT_BIND_ADDRESS, DEFAULT_PORT_MIN, DEFAULT_PORT_MAX);
    }

    /** How many sessions the range holds: the number of even ports in it. */
    public int portCount() {
        return (portMax - portMin) / 2 + 1;
    }

    InetAddress advertiseInet() {
        return InetLiterals.parse(advertiseAddress);
    }

    InetAddress bindInet() {
        return InetLiterals.parse(bindAddress);
    }

    private static InetAddress literal(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        try {
            return InetLiterals.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an IP address: " + value, e);
        }
    }
}
