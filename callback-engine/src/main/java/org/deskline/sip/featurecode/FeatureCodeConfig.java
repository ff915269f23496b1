package org.deskline.sip.featurecode;

import java.time.Duration;
import java.util.Objects;
import org.deskline.core.directory.Language;

/**
 * How the hot-desk IVR behaves. Validated on construction; immutable.
 *
 * @param digitTimeout how long the IVR waits for the next key once a prompt has ended, or between
 *     keys; when it passes the caller hears goodbye
 * @param callLimit how long one feature-code call may last from the ACK; then goodbye
 * @param maxTries wrong entries (wrong PIN, unknown extension, empty entry) in one call before goodbye
 * @param workers threads for PIN checks, logins and logouts (database and PBKDF2); at most this many
 *     run at once, the rest queue
 * @param defaultLanguage prompt language when neither the user concerned nor the phone's user has one
 */
public record FeatureCodeConfig(Duration digitTimeout, Duration callLimit, int maxTries, int workers,
        Language defaultLanguage) {
    public static final Duration DEFAULT_DIGIT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_LIMIT = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_TRIES = 3;
    public static final int DEFAULT_WORKERS = 2;

    /** @throws IllegalArgumentException for non-positive durations or counts */
    public FeatureCodeConfig {
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        if (digitTimeout.isNegative() || digitTimeout.isZero() || callLimit.isNegative() || callLimit.isZero()) {
            throw new IllegalArgumentException("digitTimeout and callLimit must be positive");
        }
        if (maxTries < 1 || workers < 1) {
            throw new IllegalArgumentException("maxTries and workers must be at least 1");
        }
    }

    /** 5 s between keys, 2 minutes per call, 3 tries, 2 workers. */
    public static FeatureCodeConfig defaults(Language defaultLanguage) {
        return new FeatureCodeConfig(DEFAULT_DIGIT_TIMEOUT, DEFAULT_CALL_LIMIT, DEFAULT_MAX_TRIES, DEFAULT_WORKERS,
                defaultLanguage);
    }
}
