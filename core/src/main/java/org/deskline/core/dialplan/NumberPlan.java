package org.deskline.core.dialplan;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How dialled strings are classified. A {@code +} or the international prefix starts an international
 * number unless it continues with the home country code; the national prefix starts a national number;
 * 2 to 8 digits without a prefix are internal (extensions); other digit strings are national (local
 * numbers). Emergency numbers and feature codes are recognised first.
 *
 * @param countryCode the home country code without {@code +}, e.g. {@code 31}
 * @param nationalPrefix e.g. {@code 0}
 * @param internationalPrefix e.g. {@code 00}
 */
public record NumberPlan(String countryCode, String nationalPrefix, String internationalPrefix,
        Set<String> emergencyNumbers) {

    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{1,32}");
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,8}");

    public static final String DEFAULT_COUNTRY_CODE = "31";
    public static final String DEFAULT_NATIONAL_PREFIX = "0";
    public static final String DEFAULT_INTERNATIONAL_PREFIX = "00";

    public static NumberPlan defaults(Set<String> emergencyNumbers) {
        return new NumberPlan(DEFAULT_COUNTRY_CODE, DEFAULT_NATIONAL_PREFIX, DEFAULT_INTERNATIONAL_PREFIX,
                emergencyNumbers);
    }

    public NumberClass classify(String dialed) {
        if (dialed == null || dialed.isEmpty()) {
            return NumberClass.INVALID;
        }
        if (emergencyNumbers.contains(dialed)) {
            return NumberClass.EMERGENCY;
        }
        if (dialed.startsWith("*")) {
            return NumberClass.FEATURE_CODE;
        }
        if (!DIGITS.matcher(dialed).matches()) {
            return NumberClass.INVALID;
        }
        if (dialed.startsWith("+")) {
            return dialed.startsWith("+" + countryCode) ? NumberClass.NATIONAL : NumberClass.INTERNATIONAL;
        }
        if (!internationalPrefix.isEmpty() && dialed.startsWith(internationalPrefix)) {
            return dialed.startsWith(internationalPrefix + countryCode) ? NumberClass.NATIONAL
                    : NumberClass.INTERNATIONAL;
        }
        if (!nationalPrefix.isEmpty() && dialed.startsWith(nationalPrefix)) {
            return NumberClass.NATIONAL;
        }
        return EXTENSION.matcher(dialed).matches() ? NumberClass.INTERNAL : NumberClass.NATIONAL;
    }

    /**
     * The number in E.164 form ({@code +<country><number>}) when its prefix says which country it is in
     * ({@code +}, the international prefix, the national prefix); otherwise null (an extension, a local
     * number, anything else).
     */
    public String toE164(String number) {
        if (number == null || number.isEmpty()) {
            return null;
        }
        if (number.startsWith("+")) {
            return number;
        }
        if (!internationalPrefix.isEmpty() && number.startsWith(internationalPrefix)) {
            return "+" + number.substring(internationalPrefix.length());
        }
        if (!nationalPrefix.isEmpty() && number.startsWith(nationalPrefix)) {
            return "+" + countryCode + number.substring(nationalPrefix.length());
        }
        return null;
    }

    /** One spelling per number, to compare numbers written differently: E.164 when known, else as given. */
    public String normalise(String number) {
        String e164 = toE164(number);
        return e164 != null ? e164 : number;
    }
}
