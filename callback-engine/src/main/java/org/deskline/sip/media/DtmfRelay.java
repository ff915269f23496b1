package org.deskline.sip.media;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the key out of a SIP INFO body carrying DTMF, for {@link MediaSession#injectDtmf(char)}.
 * Understands {@code application/dtmf-relay} ({@code Signal=5}, {@code Duration=160} on separate
 * lines; keys 0-9 * # A-D, and 10/11 for * and # as some phones send) and {@code application/dtmf}
 * (the key alone). Stateless and thread-safe.
 */
public final class DtmfRelay {
    public static final String DTMF_RELAY = "application/dtmf-relay";
    public static final String DTMF = "application/dtmf";

    private DtmfRelay() {
    }

    /**
     * The key in {@code body}, or empty if the content type is not a DTMF one or the body names no
     * key.
     *
     * @param contentType the Content-Type header value; parameters after ';' are ignored
     */
    public static Optional<Character> parse(String contentType, String body) {
        if (contentType == null || body == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(DTMF)) {
            return key(body.trim());
        }
        if (!type.equals(DTMF_RELAY)) {
            return Optional.empty();
        }
        for (String line : body.split("\r?\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("Signal")) {
                return key(line.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The key {@code c} denotes in upper case, or empty if it is not one of 0-9 * # A-D. */
    public static Optional<Character> normalise(char c) {
        char upper = Character.toUpperCase(c);
        if ((upper >= '0' && upper <= '9') || upper == '*' || upper == '#' || (upper >= 'A' && upper <= 'D')) {
            return Optional.of(upper);
        }
        return Optional.empty();
    }

    private static Optional<Character> key(String signal) {
        if (signal.equals("10")) {
            return Optional.of('*');
        }
        if (signal.equals("11")) {
            return Optional.of('#');
        }
        return signal.length() == 1 ? normalise(signal.charAt(0)) : Optional.empty();
    }
}
