package org.deskline.core.security;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Hot-desk PIN rules: 4 to 8 digits; a generated PIN is 6 random digits. */
public final class Pins {
    public static final Pattern FORMAT = Pattern.compile("[0-9]{4,8}");
    public static final String RULE = "must be 4 to 8 digits";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pins() {
    }

    public static boolean isValid(String pin) {
        return pin != null && FORMAT.matcher(pin).matches();
    }

    public static String generate() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }
}
