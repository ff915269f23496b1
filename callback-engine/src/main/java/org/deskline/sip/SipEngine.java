package org.deskline.sip;

import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.message.Request;
import org.deskline.core.call.CallControl;
import org.deskline.core.call.CallTracker;
import org.deskline.core.dialplan.DialPlan;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.health.HealthIndicator;
import org.deskline.core.mode.TelecommuterLines;
import org.deskline.core.registration.LocationService;
import org.deskline.sip.auth.AuthBan;
import org.deskline.sip.auth.DigestAuthenticator;
import org.deskline.sip.auth.NonceManager;
import org.deskline.sip.b2bua.CallRegistry;
import org.deskline.sip.callback.CallbackConfig;
import org.deskline.sip.callback.ClickToCall;
import org.deskline.sip.leg.Legs;
import org.deskline.sip.media.MediaEndpoint;
import org.deskline.sip.media.PromptLibrary;
import org.deskline.sip.options.OptionsHandler;
import org.deskline.sip.redirect.Redirection;
import org.deskline.sip.redirect.SingleLine;
import org.deskline.sip.registrar.RegisterHandler;
import org.deskline.sip.routing.FeatureCodeService;
import org.deskline.sip.routing.InviteHandler;
import org.deskline.sip.routing.Targets;
import org.deskline.sip.stack.ClientTransactions;
import org.deskline.sip.stack.MessageValve;
import org.deskline.sip.stack.Overload;
import org.deskline.sip.stack.SipContext;
import org.deskline.sip.stack.SipDispatcher;
import org.deskline.sip.stack.CheckingParserFactory;
import org.deskline.sip.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of Deskline: one JAIN-SIP stack on UDP and TCP, and the capabilities that handle its
 * traffic — registrar, B2BUA call routing, trunk, OPTIONS, inbound redirection to telecommuter numbers on
 * their single line, and click-to-call ({@link #callControl()}). Built and started by the composition
 * root; {@link #close()} stops the stack.
 *
 * <p>The stack is tuned as measured on a 2-core machine (see the project's stack notes): a reentrant
 * listener on a few threads, a bounded message size, a 4 MiB UDP receive buffer, the
 * {@link MessageValve} in front of the transaction layer, and no JAIN-SIP dialogs (each leg keeps its
 * own dialog state).
 */
public final class SipEngine implements AutoCloseable, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(SipEngine.class);

    private final SipConfig config;
    private final DirectoryView directory;
    private final DialPlan dialPlan;
    private final CallTracker tracker;
    private final LocationService location;
    private final FeatureCodeService featureCodes;
    private final MediaEndpoint media;
    private final PromptLibrary prompts;
    private final CallbackConfig callback;
    private final TelecommuterLines lines;
    private SipStack stack;
    private CallControl callControl = CallControl.UNAVAILABLE;
    private ScheduledThreadPoolExecutor timers;
    private CallRegistry calls;
    private Overload overload;
    private AuthBan ban;
    private volatile boolean up;

    /**
     * @param media the server's RTP endpoint (started), for the click-to-call prompts and ringback
     * @param callback how click-to-call behaves
     */
    public SipEngine(SipConfig config, DirectoryView directory, DialPlan dialPlan, CallTracker tracker,
            LocationService location, FeatureCodeService featureCodes, MediaEndpoint media, PromptLibrary prompts,
            CallbackConfig callback) {
        this.config = config;
        this.directory = directory;
        this.dialPlan = dialPlan;
        this.tracker = tracker;
        this.location = location;
        this.featureCodes = featureCodes;
        this.media = media;
        this.prompts = prompts;
        this.callback = callback;
        this.lines = new TelecommuterLines(dialPlan.numbers());
    }

    public void start() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties());
        ListeningPoint udp = stack.createListeningPoint(config.bindAddress(), config.port(), ListeningPoint.UDP);
        ListeningPoint tcp = stack.createListeningPoint(config.bindAddress(), config.port(), ListeningPoint.TCP);
        if (!config.advertiseAddress().equals(config.bindAddress())) {
            udp.setSentBy(config.advertiseAddress() + ":" + config.port());
            tcp.setSentBy(config.advertiseAddress() + ":" + config.port());
        }
        SipProvider provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);

        timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("sip-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        SipContext sip = new SipContext(config, provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                factory.createAddressFactory(), timers);
        ClientTransactions transactions = new ClientTransactions(provider);
        Legs legs = new Legs(sip, transactions);
        calls = new CallRegistry(legs.registry());
        ban = new AuthBan(config.authBanFailures(), config.authBanWindow(), config.authBanTime());
        DigestAuthenticator auth = new DigestAuthenticator(directory, config.realm(), config.digestAlgorithms(),
                new NonceManager(config.nonceTtl()), ban, sip);
        Trunk trunk = new Trunk(sip, config.trunk(), config.trunkSources());
        Targets targets = new Targets(sip, trunk, location, dialPlan, config.voicemailUri());
        SingleLine singleLine = new SingleLine(lines, dialPlan);
        Redirection redirection = new Redirection(singleLine, targets, dialPlan);

        SipDispatcher dispatcher = new SipDispatcher(sip, transactions, legs);
        dispatcher.register(Request.OPTIONS, new OptionsHandler(sip.responder(), dispatcher));
        dispatcher.register(Request.REGISTER, new RegisterHandler(sip, auth, location));
        dispatcher.register(Request.INVITE, new InviteHandler(sip, auth, directory, dialPlan, trunk, targets, legs, calls,
                tracker, featureCodes, config.ringTimeout(), config.maxCallLength(), singleLine, redirection));
        overload = new Overload(config.queueLimit());
        new MessageValve(stack, sip, legs.registry(), ban, overload, dispatcher).install();
        try {
            provider.addSipListener(dispatcher);
        } catch (TooManyListenersException e) {
            throw new IllegalStateException(e);
        }
        callControl = new ClickToCall(sip, legs, calls, directory, dialPlan, location, trunk, targets, redirection,
                singleLine, tracker, media, prompts, callback);
        stack.start();
        overload.attach(stack);
        up = true;
        log.info("SIP listening on {}:{} (UDP, TCP), advertised as {}; trunk {}; voicemail {}", config.bindAddress(),
                config.port(), config.advertiseAddress(), trunk, targets.hasVoicemail() ? config.voicemailUri() : "none");
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", config.stackName());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(config.listenerThreads()));
        // one byte more than the limit: a longer datagram arrives cut short, and the parser marks it for a 513
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(config.maxMessageSize() + 1));
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", CheckingParserFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        // blocking TCP: the NIO processor of 1.3.0-91 opens outgoing connections twice and never writes the
        // first request on them (seen on the wire), so calls to phones registered over TCP never rang
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.OIOMessageProcessorFactory");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        // forget transactions as soon as they end instead of 8 s later: at 1,000+ calls/s the lingering ones
        // fill the old generation; a retransmitted INVITE of a live call is recognised by the leg registry
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", "0");
        return p;
    }

    /** Calls and legs in progress; for tests and diagnostics. */
    public CallRegistry calls() {
        return calls;
    }

    /** Click-to-call, once started; {@link CallControl#UNAVAILABLE} before. */
    public CallControl callControl() {
        return callControl;
    }

    /** The telecommuter numbers' lines in use; for tests and diagnostics. */
    public TelecommuterLines lines() {
        return lines;
    }

    public AuthBan authBan() {
        return ban;
    }

    public Overload overload() {
        return overload;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void close() {
        up = false;
        if (stack != null) {
            stack.stop();
            log.info("SIP stopped");
        }
        if (timers != null) {
            timers.shutdownNow();
            try {
                timers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
