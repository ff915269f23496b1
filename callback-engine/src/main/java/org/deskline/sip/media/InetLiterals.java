package org.deskline.sip.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever resolving a name: media code runs on threads that must
 * not block, and a host name in SDP or configuration is refused rather than looked up.
 */
final class InetLiterals {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private InetLiterals() {
    }

    /**
     * The address {@code text} spells, IPv4 dotted quad or IPv6.
     *
     * @throws IllegalArgumentException if {@code text} is not an IP address literal
     */
    static InetAddress parse(String text) {
        Matcher m = IPV4.matcher(text);
        try {
            if (m.matches()) {
                byte[] octets = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(m.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("not an IPv4 address: " + text);
                    }
                    octets[i] = (byte) octet;
                }
                return InetAddress.getByAddress(octets);
            }
            if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
                // Brackets make the JDK refuse, instead of resolve, anything that is not a literal.
                return InetAddress.getByName("[" + text + "]");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        throw new IllegalArgumentException("not an IP address literal: " + text);
    }
}
