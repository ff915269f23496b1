package org.deskline.core.registration;

import java.time.Duration;

/**
 * How long bindings last and how many a device may hold.
 *
 * @param minExpires a shorter non-zero expiry is refused (423 Interval Too Brief, with this as Min-Expires)
 * @param maxExpires a longer expiry is shortened to this
 * @param defaultExpires the expiry when the REGISTER gives none
 * @param maxContacts contacts per device; registering one more drops the oldest
 */
public record RegistrationPolicy(Duration minExpires, Duration maxExpires, Duration defaultExpires, int maxContacts) {

    public RegistrationPolicy {
        if (minExpires.isNegative() || maxExpires.compareTo(minExpires) < 0) {
            throw new IllegalArgumentException("need 0 <= min-expires <= max-expires");
        }
        if (defaultExpires.compareTo(minExpires) < 0 || defaultExpires.compareTo(maxExpires) > 0) {
            throw new IllegalArgumentException("default expires must lie between min and max");
        }
        if (maxContacts < 1) {
            throw new IllegalArgumentException("max contacts must be at least 1");
        }
    }

    public static final String DEFAULT_MIN_EXPIRES = "PT60S";
    public static final String DEFAULT_MAX_EXPIRES = "PT1H";
    public static final String DEFAULT_DEFAULT_EXPIRES = "PT1H";
    public static final String DEFAULT_MAX_CONTACTS = "10";

    public static RegistrationPolicy defaults() {
        return new RegistrationPolicy(Duration.parse(DEFAULT_MIN_EXPIRES), Duration.parse(DEFAULT_MAX_EXPIRES),
                Duration.parse(DEFAULT_DEFAULT_EXPIRES), Integer.parseInt(DEFAULT_MAX_CONTACTS));
    }
}
