package org.deskline.sip.featurecode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dialled hot-desk code in one of its three forms. A trailing {@code #} (some phones send one) is
 * ignored. {@link #toString()} never shows the PIN.
 */
sealed interface HotdeskCode {
    /** The feature code's number: {@code *35}. */
    String PREFIX = "*35";

    /** Extensions are 2 to 8 digits and PINs 4 to 8; longer entries are not worth parsing. */
    Pattern FORM = Pattern.compile("\\*35(?:\\*([0-9]{1,16})(?:\\*([0-9]{1,16}))?)?#?");

    /** {@code *35}: log out whoever is on the phone, or ask for extension and PIN. */
    record Toggle() implements HotdeskCode {
        @Override
        public String toString() {
            return PREFIX;
        }
    }

    /** {@code *35*<ext>}: log that user out of this phone, or ask for the PIN. */
    record ForExtension(String extension) implements HotdeskCode {
        @Override
        public String toString() {
            return PREFIX + "*" + extension;
        }
    }

    /** {@code *35*<ext>*<PIN>}: log that user out of this phone, or log in with the PIN. */
    record WithPin(String extension, String pin) implements HotdeskCode {
        @Override
        public String toString() {
            return PREFIX + "*" + extension + "*<PIN>";
        }
    }

    /** The code {@code dialed} denotes, or empty when it is not a {@code *35} form. */
    static Optional<HotdeskCode> parse(String dialed) {
        if (dialed == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(dialed);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) == null) {
            return Optional.of(new Toggle());
        }
        if (m.group(2) == null) {
            return Optional.of(new ForExtension(m.group(1)));
        }
        return Optional.of(new WithPin(m.group(1), m.group(2)));
    }
}
