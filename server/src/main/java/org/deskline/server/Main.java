package org.deskline.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deskline.core.dialplan.NumberPlan;
import org.deskline.core.registration.RegistrationPolicy;
import org.deskline.sip.SipConfig;
import org.deskline.core.directory.Language;
import org.deskline.sip.callback.CallbackConfig;
import org.deskline.sip.media.MediaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The command line. Every option can also come from an environment variable ({@code --http-port} ↔
 * {@code DESKLINE_HTTP_PORT}) or from a properties file given with {@code --config} ({@code
 * http-port=8080}); a flag wins over the environment, which wins over the file, which wins over the
 * default shown here.
 */
@Command(name = "deskline", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Deskline: SIP call control for hot desking and teleworking.%n"
                + "Each option may also be set as DESKLINE_<OPTION> in the environment or in the --config file.")
public final class Main implements Callable<Integer> {
    @Option(names = "--http-port", defaultValue = "8080", description = "Portal, REST and WebSocket port (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--sip-port", defaultValue = "5060", description = "SIP over UDP and TCP (default ${DEFAULT-VALUE}).")
    int sipPort;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address for SIP and HTTP (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--advertise", description = "Address put in Via, Contact and SDP (default: the bind address).")
    String advertise;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Embedded H2 database and recordings (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--jdbc-url", description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://localhost/deskline.")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "Database user for --jdbc-url.")
    String jdbcUser;

    @Option(names = "--jdbc-password", description = "Database password for --jdbc-url.")
    String jdbcPassword;

    @Option(names = "--admin-password", description = "Password of the built-in admin account (default: generated and printed once on first start).")
    String adminPassword;

    @Option(names = "--trunk", description = "SIP URI of the PSTN gateway for external numbers, e.g. sip:127.0.0.1:5090.")
    String trunk;

    @Option(names = "--demo", defaultValue = "false", fallbackValue = "true", arity = "0..1",
            description = "On first start, fill the directory with demo users and phones and print their credentials.")
    boolean demo;

    @Option(names = "--sip-realm", defaultValue = "deskline", description = "Digest realm of phone credentials (default ${DEFAULT-VALUE}); changing it means setting every SIP password again.")
    String sipRealm;

    @Option(names = "--emergency-numbers", defaultValue = "112,911", split = ",", description = "Numbers any phone may call, even with no user logged in (default ${DEFAULT-VALUE}).")
    String[] emergencyNumbers;

    @Option(names = "--session-ttl", defaultValue = "PT12H", description = "Lifetime of a portal session, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration sessionTtl;

    @Option(names = "--hotdesk-max-failures", defaultValue = "5", description = "Wrong PINs that lock a user's hot-desk login (default ${DEFAULT-VALUE}).")
    int hotdeskMaxFailures;

    @Option(names = "--hotdesk-lockout", defaultValue = "PT15M", description = "How long the lock lasts, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration hotdeskLockout;

    @Option(names = "--trunk-sources", split = ",", description = "Further addresses (host, or host:port) whose INVITEs are calls from the trunk; the --trunk host and port always are.")
    String[] trunkSources;

    @Option(names = "--voicemail-uri", description = "SIP URI of the voicemail system: calls to unreachable users with voicemail go there, with a Diversion header (default: none).")
    String voicemailUri;

    @Option(names = "--ring-timeout", defaultValue = SipConfig.DEFAULT_RING_TIMEOUT, description = "How long a phone rings before the call is not answered, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration ringTimeout;

    @Option(names = "--max-call-length", defaultValue = SipConfig.DEFAULT_MAX_CALL_LENGTH, description = "How long an answered call may last before the server hangs it up (a lost BYE cannot hold a line for ever), ISO-8601; PT0S for no limit (default ${DEFAULT-VALUE}).")
    Duration maxCallLength;

    @Option(names = "--country-code", defaultValue = NumberPlan.DEFAULT_COUNTRY_CODE, description = "Home country code, without + (default ${DEFAULT-VALUE}).")
    String countryCode;

    @Option(names = "--national-prefix", defaultValue = NumberPlan.DEFAULT_NATIONAL_PREFIX, description = "Prefix of national numbers (default ${DEFAULT-VALUE}).")
    String nationalPrefix;

    @Option(names = "--international-prefix", defaultValue = NumberPlan.DEFAULT_INTERNATIONAL_PREFIX, description = "Prefix of international numbers, besides + (default ${DEFAULT-VALUE}).")
    String internationalPrefix;

    @Option(names = "--register-min-expires", defaultValue = RegistrationPolicy.DEFAULT_MIN_EXPIRES, description = "Shortest registration accepted (423 below), ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration registerMinExpires;

    @Option(names = "--register-max-expires", defaultValue = RegistrationPolicy.DEFAULT_MAX_EXPIRES, description = "Longer registrations are shortened to this, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration registerMaxExpires;

    @Option(names = "--register-default-expires", defaultValue = RegistrationPolicy.DEFAULT_DEFAULT_EXPIRES, description = "Registration length when the phone asks none, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration registerDefaultExpires;

    @Option(names = "--register-max-contacts", defaultValue = RegistrationPolicy.DEFAULT_MAX_CONTACTS, description = "Contacts per phone; one more drops the oldest (default ${DEFAULT-VALUE}).")
    int registerMaxContacts;

    @Option(names = "--digest-algorithms", defaultValue = SipConfig.DEFAULT_DIGEST_ALGORITHMS, description = "Digest challenges offered, most preferred first: MD5, SHA-256 (default ${DEFAULT-VALUE}).")
    String digestAlgorithms;

    @Option(names = "--nonce-ttl", defaultValue = SipConfig.DEFAULT_NONCE_TTL, description = "Lifetime of a digest nonce; older ones get stale=true, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration nonceTtl;

    @Option(names = "--auth-ban-failures", defaultValue = SipConfig.DEFAULT_AUTH_BAN_FAILURES, description = "SIP authentication failures from one address, within --auth-ban-window, that ban it; 0 never bans (default ${DEFAULT-VALUE}).")
    int authBanFailures;

    @Option(names = "--auth-ban-window", defaultValue = SipConfig.DEFAULT_AUTH_BAN_WINDOW, description = "Window in which those failures count, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration authBanWindow;

    @Option(names = "--auth-ban-time", defaultValue = SipConfig.DEFAULT_AUTH_BAN_TIME, description = "How long a banned address is ignored, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration authBanTime;

    @Option(names = "--sip-threads", defaultValue = SipConfig.DEFAULT_LISTENER_THREADS, description = "Threads that handle SIP messages (default ${DEFAULT-VALUE}).")
    int sipThreads;

    @Option(names = "--sip-max-message-size", defaultValue = SipConfig.DEFAULT_MAX_MESSAGE_SIZE, description = "Largest SIP message accepted, bytes; larger are refused (default ${DEFAULT-VALUE}).")
    int sipMaxMessageSize;

    @Option(names = "--sip-queue-limit", defaultValue = SipConfig.DEFAULT_QUEUE_LIMIT, description = "Received SIP messages waiting above which new requests get 503 Retry-After; 0 never (default ${DEFAULT-VALUE}).")
    int sipQueueLimit;

    @Option(names = "--rtp-ports", defaultValue = MediaConfig.DEFAULT_PORT_MIN + "-" + MediaConfig.DEFAULT_PORT_MAX,
            description = "UDP port range of the server's own media: prompts and tones (default ${DEFAULT-VALUE}).")
    String rtpPorts;

    @Option(names = "--default-language", defaultValue = "en",
            description = "Prompt language for users without one: en or nl (default ${DEFAULT-VALUE}).")
    String defaultLanguage;

    @Option(names = "--office-number", description = "The office's main number, presented when a click-to-call rings a telecommuter number (default: the user's outbound number).")
    String officeNumber;

    @Option(names = "--callback-min-answer", defaultValue = CallbackConfig.DEFAULT_MIN_ANSWER, description = "A click-to-call callback to a telecommuter number answered sooner than this is a mailbox and released, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration callbackMinAnswer;

    @Option(names = "--callback-confirm-timeout", defaultValue = CallbackConfig.DEFAULT_CONFIRM_TIMEOUT, description = "How long a user who must press 1 has to accept a callback, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration callbackConfirmTimeout;

    @Option(names = "--password-hash-iterations", defaultValue = "210000", hidden = true,
            description = "PBKDF2 iterations for passwords and PINs (default ${DEFAULT-VALUE}).")
    int passwordHashIterations;

    @Option(names = "--config", description = "Properties file with options (name=value, names as the flags without --).")
    Path configFile;

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine(args).execute(args));
    }

    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(new EnvironmentAndFile(System.getenv(), configPath(args, System.getenv())));
        cl.registerConverter(Duration.class, s -> Duration.parse(s.toUpperCase(Locale.ROOT)));
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Deskline server = new Deskline(config());
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before anything starts, so that a stop signal at any moment shuts down in order
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            server.startAll(System.out);
        } catch (Exception e) {
            log.error("Deskline could not start: {}", e.getMessage(), e);
            return 1;
        }
        stopped.await();
        return 0;
    }

    DesklineConfig config() {
        Set<String> emergency = new LinkedHashSet<>();
        Arrays.stream(emergencyNumbers).map(String::strip).filter(s -> !s.isEmpty()).forEach(emergency::add);
        List<String> sources = trunkSources == null ? List.of()
                : Arrays.stream(trunkSources).map(String::strip).filter(x -> !x.isEmpty()).toList();
        SipOptions sip = new SipOptions(sources, voicemailUri == null || voicemailUri.isBlank() ? null : voicemailUri,
                ringTimeout, maxCallLength, countryCode, nationalPrefix, internationalPrefix,
                new RegistrationPolicy(registerMinExpires, registerMaxExpires, registerDefaultExpires, registerMaxContacts),
                nonceTtl, digestAlgorithms, authBanFailures, authBanWindow, authBanTime, sipThreads, sipMaxMessageSize,
                sipQueueLimit);
        return new DesklineConfig(httpPort, sipPort, bind, advertise, dataDir, jdbcUrl, jdbcUser, jdbcPassword,
                adminPassword, trunk == null || trunk.isBlank() ? null : trunk, demo, sipRealm, Set.copyOf(emergency),
                sessionTtl, hotdeskMaxFailures, hotdeskLockout, passwordHashIterations, sip, media(), telecommuter());
    }

    private TelecommuterOptions telecommuter() {
        String office = officeNumber == null || officeNumber.isBlank() ? null : officeNumber.strip();
        if (office != null && !org.deskline.core.mode.ModeService.PHONE_NUMBER.matcher(office).matches()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--office-number must be a phone number: digits, optionally with a leading +");
        }
        if (callbackMinAnswer.isNegative() || callbackConfirmTimeout.isNegative() || callbackConfirmTimeout.isZero()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--callback-min-answer must not be negative and --callback-confirm-timeout must be positive");
        }
        return new TelecommuterOptions(office, callbackMinAnswer, callbackConfirmTimeout);
    }

    private MediaOptions media() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+)-([0-9]+)").matcher(rtpPorts.strip());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rtp-ports must be MIN-MAX, e.g. 20000-20999");
        }
        Language language = Language.fromCode(defaultLanguage.strip()).orElseThrow(() ->
                new CommandLine.ParameterException(new CommandLine(this), "--default-language must be en or nl"));
        return new MediaOptions(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), language);
    }

    private static Path configPath(String[] args, java.util.Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String fromEnv = env.get("DESKLINE_CONFIG");
        return fromEnv == null ? null : Path.of(fromEnv);
    }

    /** Defaults from {@code DESKLINE_*} variables, then from the config file. */
    static final class EnvironmentAndFile implements CommandLine.IDefaultValueProvider {
        private final java.util.Map<String, String> env;
        private final Properties file = new Properties();

        EnvironmentAndFile(java.util.Map<String, String> env, Path configFile) {
            this.env = env;
            if (configFile != null) {
                try (InputStream in = Files.newInputStream(configFile)) {
                    file.load(in);
                } catch (IOException e) {
                    throw new CommandLine.ParameterException(new CommandLine(new Main()),
                            "Cannot read config file " + configFile + ": " + e.getMessage());
                }
            }
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            String name = option.longestName().replaceFirst("^--", "");
            String envName = "DESKLINE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            String v = env.get(envName);
            if (v == null) {
                v = file.getProperty(name);
            }
            return v != null ? v : option.defaultValue();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Deskline " + Deskline.version()};
        }
    }
}
