package org.deskline.server;

import java.time.Duration;
import java.util.List;
import org.deskline.core.dialplan.NumberPlan;
import org.deskline.core.registration.RegistrationPolicy;
import org.deskline.sip.SipConfig;

/**
 * The SIP part of the configuration beyond ports and realm: trunk, voicemail, numbering, registration,
 * authentication ban and stack tuning. Defaults are the constants of {@link SipConfig},
 * {@link NumberPlan} and {@link RegistrationPolicy}, which {@link Main}'s options use too.
 *
 * @param trunkSources extra addresses whose INVITEs are trunk calls (host, or host:port)
 * @param voicemailUri where unreachable users' calls go when they have voicemail; null for none
 * @param maxCallLength how long an answered call may last; zero for no limit
 */
public record SipOptions(
        List<String> trunkSources,
        String voicemailUri,
        Duration ringTimeout,
        Duration maxCallLength,
        String countryCode,
        String nationalPrefix,
        String internationalPrefix,
        RegistrationPolicy registration,
        Duration nonceTtl,
        String digestAlgorithms,
        int authBanFailures,
        Duration authBanWindow,
        Duration authBanTime,
        int sipThreads,
        int maxMessageSize,
        int queueLimit) {

    public SipOptions {
        trunkSources = List.copyOf(trunkSources);
    }

    public static SipOptions defaults() {
        return new SipOptions(List.of(), null, Duration.parse(SipConfig.DEFAULT_RING_TIMEOUT),
                Duration.parse(SipConfig.DEFAULT_MAX_CALL_LENGTH),
                NumberPlan.DEFAULT_COUNTRY_CODE, NumberPlan.DEFAULT_NATIONAL_PREFIX,
                NumberPlan.DEFAULT_INTERNATIONAL_PREFIX, RegistrationPolicy.defaults(),
                Duration.parse(SipConfig.DEFAULT_NONCE_TTL), SipConfig.DEFAULT_DIGEST_ALGORITHMS,
                Integer.parseInt(SipConfig.DEFAULT_AUTH_BAN_FAILURES), Duration.parse(SipConfig.DEFAULT_AUTH_BAN_WINDOW),
                Duration.parse(SipConfig.DEFAULT_AUTH_BAN_TIME), Integer.parseInt(SipConfig.DEFAULT_LISTENER_THREADS),
                Integer.parseInt(SipConfig.DEFAULT_MAX_MESSAGE_SIZE), Integer.parseInt(SipConfig.DEFAULT_QUEUE_LIMIT));
    }

    public SipOptions withVoicemailUri(String uri) {
        return new SipOptions(trunkSources, uri, ringTimeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                registration, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, sipThreads,
                maxMessageSize, queueLimit);
    }

    public SipOptions withRingTimeout(Duration timeout) {
        return new SipOptions(trunkSources, voicemailUri, timeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                registration, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, sipThreads,
                maxMessageSize, queueLimit);
    }

    public SipOptions withMaxCallLength(Duration length) {
        return new SipOptions(trunkSources, voicemailUri, ringTimeout, length, countryCode, nationalPrefix,
                internationalPrefix, registration, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime,
                sipThreads, maxMessageSize, queueLimit);
    }

    public SipOptions withTrunkSources(List<String> sources) {
        return new SipOptions(sources, voicemailUri, ringTimeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                registration, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, sipThreads,
                maxMessageSize, queueLimit);
    }

    public SipOptions withAuth(Duration ttl, String algorithms, int banFailures, Duration banWindow, Duration banTime) {
        return new SipOptions(trunkSources, voicemailUri, ringTimeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                registration, ttl, algorithms, banFailures, banWindow, banTime, sipThreads, maxMessageSize, queueLimit);
    }

    public SipOptions withRegistration(RegistrationPolicy policy) {
        return new SipOptions(trunkSources, voicemailUri, ringTimeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                policy, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, sipThreads,
                maxMessageSize, queueLimit);
    }
}
