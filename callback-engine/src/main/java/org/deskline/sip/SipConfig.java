package org.deskline.sip;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.deskline.core.security.DigestAlgorithm;

/**
 * The SIP side of the configuration. The {@code DEFAULT_*} constants are the one reference for
 * defaults: the command line declares its options with them.
 *
 * @param bindAddress the address the SIP sockets bind to
 * @param advertiseAddress the address put in Via, Contact and SDP (the bind address unless set)
 * @param port SIP over UDP and TCP
 * @param realm the digest realm phones authenticate in
 * @param stackName unique per JAIN-SIP stack in one JVM
 * @param trunk SIP URI of the PSTN gateway, e.g. {@code sip:127.0.0.1:5090}; null when there is none
 * @param trunkSources further addresses ({@code host} or {@code host:port}) whose INVITEs are calls from
 *     the trunk; the trunk's own host and port always are
 * @param voicemailUri where calls go when the callee is unreachable and has voicemail; null for none
 * @param ringTimeout how long a phone rings before the call counts as not answered
 * @param maxCallLength how long an answered call may last before the server hangs it up, so that a lost BYE
 *     cannot hold a call (and a telecommuter's single line) for ever; zero for no limit
 * @param nonceTtl how long a digest nonce is valid; after that the client gets {@code stale=true}
 * @param digestAlgorithms the challenges offered, most preferred first (RFC 8760). The default is MD5
 *     alone: older clients (baresip 1.0's libre, SIPp 3.6) refuse a challenge set that names SHA-256 at
 *     all; offer {@code SHA-256,MD5} to a fleet that supports it
 * @param authBanFailures authentication failures from one address within {@code authBanWindow} that ban it
 * @param authBanWindow the window in which failures are counted
 * @param authBanTime how long a banned address is ignored
 * @param listenerThreads JAIN-SIP threads that parse and handle messages (the listener is reentrant)
 * @param maxMessageSize largest SIP message accepted, in bytes; larger ones are refused (513)
 * @param queueLimit received messages waiting to be handled above which new requests get 503
 */
public record SipConfig(
        String bindAddress,
        String advertiseAddress,
        int port,
        String realm,
        String stackName,
        String trunk,
        List<String> trunkSources,
        String voicemailUri,
        Duration ringTimeout,
        Duration maxCallLength,
        Duration nonceTtl,
        List<DigestAlgorithm> digestAlgorithms,
        int authBanFailures,
        Duration authBanWindow,
        Duration authBanTime,
        int listenerThreads,
        int maxMessageSize,
        int queueLimit) {

    public static final String DEFAULT_RING_TIMEOUT = "PT30S";
    /** Twelve hours, as Cisco CUCM's Maximum Call Duration Timer: far beyond any real call. */
    public static final String DEFAULT_MAX_CALL_LENGTH = "PT12H";
    public static final String DEFAULT_NONCE_TTL = "PT60S";
    public static final String DEFAULT_DIGEST_ALGORITHMS = "MD5";
    public static final String DEFAULT_AUTH_BAN_FAILURES = "10";
    public static final String DEFAULT_AUTH_BAN_WINDOW = "PT60S";
    public static final String DEFAULT_AUTH_BAN_TIME = "PT300S";
    public static final String DEFAULT_LISTENER_THREADS = "8";
    public static final String DEFAULT_MAX_MESSAGE_SIZE = "8192";
    public static final String DEFAULT_QUEUE_LIMIT = "2000";

    public SipConfig {
        if (maxCallLength.isNegative()) {
            throw new IllegalArgumentException("max call length must not be negative");
        }
        trunkSources = List.copyOf(trunkSources);
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm");
        }
    }

    /** Every option at its default: no trunk, no voicemail. */
    public static SipConfig defaults(String bindAddress, int port, String realm, String stackName) {
        return new SipConfig(bindAddress, bindAddress, port, realm, stackName, null, List.of(), null,
                Duration.parse(DEFAULT_RING_TIMEOUT), Duration.parse(DEFAULT_MAX_CALL_LENGTH), Duration.parse(DEFAULT_NONCE_TTL), algorithms(DEFAULT_DIGEST_ALGORITHMS),
                Integer.parseInt(DEFAULT_AUTH_BAN_FAILURES), Duration.parse(DEFAULT_AUTH_BAN_WINDOW),
                Duration.parse(DEFAULT_AUTH_BAN_TIME), Integer.parseInt(DEFAULT_LISTENER_THREADS),
                Integer.parseInt(DEFAULT_MAX_MESSAGE_SIZE), Integer.parseInt(DEFAULT_QUEUE_LIMIT));
    }

    /** Parses a comma-separated list of algorithm names ({@code MD5}, {@code SHA-256}). */
    public static List<DigestAlgorithm> algorithms(String names) {
        return Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(n -> DigestAlgorithm.fromSipName(n)
                        .orElseThrow(() -> new IllegalArgumentException("unknown digest algorithm " + n)))
                .distinct().toList();
    }

    public SipConfig withTrunk(String uri, List<String> sources) {
        return new SipConfig(bindAddress, advertiseAddress, port, realm, stackName, uri, sources, voicemailUri,
                ringTimeout, maxCallLength, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, listenerThreads,
                maxMessageSize, queueLimit);
    }

    public SipConfig withVoicemail(String uri) {
        return new SipConfig(bindAddress, advertiseAddress, port, realm, stackName, trunk, trunkSources, uri,
                ringTimeout, maxCallLength, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, listenerThreads,
                maxMessageSize, queueLimit);
    }

    public SipConfig withRingTimeout(Duration timeout) {
        return new SipConfig(bindAddress, advertiseAddress, port, realm, stackName, trunk, trunkSources, voicemailUri,
                timeout, maxCallLength, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, listenerThreads,
                maxMessageSize, queueLimit);
    }

    public SipConfig withMaxCallLength(Duration length) {
        return new SipConfig(bindAddress, advertiseAddress, port, realm, stackName, trunk, trunkSources, voicemailUri,
                ringTimeout, length, nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime,
                listenerThreads, maxMessageSize, queueLimit);
    }

    public SipConfig withAuth(Duration ttl, List<DigestAlgorithm> algorithms, int banFailures, Duration banWindow,
            Duration banTime) {
        return new SipConfig(bindAddress, advertiseAddress, port, realm, stackName, trunk, trunkSources, voicemailUri,
                ringTimeout, maxCallLength, ttl, algorithms, banFailures, banWindow, banTime, listenerThreads, maxMessageSize,
                queueLimit);
    }
}
