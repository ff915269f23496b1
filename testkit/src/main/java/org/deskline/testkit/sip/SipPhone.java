package org.deskline.testkit.sip;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPDialog;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventObject;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransportNotSupportedException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.deskline.testkit.Await;
import org.deskline.testkit.net.Ports;
import org.deskline.testkit.rtp.RtpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-JVM SIP user agent on JAIN-SIP, bound to 127.0.0.1 (UDP and TCP on one free port): a phone,
 * or a fake trunk or remote party. It registers with digest authentication, places and receives
 * calls with automatic SDP and a real {@link RtpPeer} per call, and records every message in a
 * {@link SipLog} so that a failed wait shows what happened on the wire.
 *
 * <p>Threading: the JAIN-SIP listener only hands events to the phone's single "actor" thread,
 * which owns all SIP work (so no stack thread ever blocks, and calls need no locks beyond their
 * state snapshots). Public methods may be called from any thread except that actor; the blocking
 * ones ({@link #register}, {@link Call#hangup()}, ...) wait at most {@link Options#timeout}.
 *
 * <p>Incoming INVITEs follow the phone's {@link AnswerPolicy} (default: 180, then 200 after
 * 100 ms). Other requests are answered: BYE, CANCEL (200, then 487 for the INVITE), re-INVITE and
 * UPDATE (200 with an SDP answer), INFO (DTMF relay recorded), OPTIONS, MESSAGE, NOTIFY, PRACK and
 * REGISTER (200); anything else 405. {@link #respondTo(String, int)} overrides a method's answer.
 */
public final class SipPhone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipPhone.class);
    private static final AtomicInteger instances = new AtomicInteger();
    static final String HOST = "127.0.0.1";

    final String name;
    final Options options;
    final SipLog sipLog;
    private final String stackName;
    private final SipStack stack;
    final SipProvider provider;
    final AddressFactory addresses;
    final HeaderFactory headers;
    final MessageFactory messages;
    private final int port;
    private final ScheduledExecutorService actor;
    private volatile Thread actorThread;
    final Object signal = new Object();

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final List<Call> incoming = new CopyOnWriteArrayList<>();
    private int incomingClaimed;
    private final Map<ClientTransaction, Outstanding> outstanding = new ConcurrentHashMap<>();
    private final List<RtpPeer> rtpPeers = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> fixedResponses = new ConcurrentHashMap<>();
    private final Map<String, RegistrationState> registrations = new ConcurrentHashMap<>();
    private volatile RegistrationState lastRegistration;
    private volatile AnswerPolicy answerPolicy;
    private volatile String authUser;
    private volatile String password;
    private volatile String domain;
    private volatile boolean closed;

    /** Phone settings. Fluent and mutable; {@link SipPhone#start(Options)} copies what it needs. */
    public static final class Options {
        String user;
        String displayName;
        String domain;
        String transport = "udp";
        int port;
        AnswerPolicy answerPolicy = AnswerPolicy.ringThenAnswer(Duration.ofMillis(100));
        String authUser;
        String password;
        Digest.Algorithm algorithm;
        String outboundProxy;
        boolean autoSdp = true;
        List<Integer> codecs = List.of(0, 8);
        double toneHz = 440;
        Duration timeout = Duration.ofSeconds(5);
        String userAgent = "deskline-testkit";
        DigestChallenger challenger;
        boolean challengeWithProxyAuth;

        private Options(String user) {
            this.user = user;
        }

        public Options displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** The host part of the phone's AOR (From of calls); default: the registrar's host once registered, else 127.0.0.1. */
        public Options domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** {@code udp} (default) or {@code tcp} for the requests this phone sends; it listens on both. */
        public Options transport(String transport) {
            this.transport = transport.toLowerCase(Locale.ROOT);
            return this;
        }

        /** A fixed SIP port instead of a free one. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        public Options answerPolicy(AnswerPolicy policy) {
            this.answerPolicy = policy;
            return this;
        }

        /** Credentials for challenges to INVITE and other requests (register() sets them too). */
        public Options credentials(String authUser, String password) {
            this.authUser = authUser;
            this.password = password;
            return this;
        }

        /** Answer only challenges with this algorithm instead of the strongest offered. */
        public Options digestAlgorithm(Digest.Algorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** Send every request to {@code host:port} (JAIN-SIP's OUTBOUND_PROXY). */
        public Options outboundProxy(String hostPort) {
            this.outboundProxy = hostPort;
            return this;
        }

        /** Without automatic SDP, calls carry only the SDP given explicitly and have no RTP peer. */
        public Options autoSdp(boolean on) {
            this.autoSdp = on;
            return this;
        }

        /** Offered G.711 payload types in preference order (default PCMU, PCMA). */
        public Options codecs(Integer... payloadTypes) {
            this.codecs = List.of(payloadTypes);
            return this;
        }

        /** The tone each call sends once answered (default 440 Hz); 0 to send no audio. */
        public Options tone(double hz) {
            this.toneHz = hz;
            return this;
        }

        /** Bound of every blocking call and of await helpers without a duration (default 5 s). */
        public Options timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Options userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * Act as a digest-protected server (fake registrar or trunk): challenge initial INVITEs and
         * REGISTERs that lack valid credentials, with 401 (or 407 when {@code proxy}).
         */
        public Options requireAuth(DigestChallenger challenger, boolean proxy) {
            this.challenger = challenger;
            this.challengeWithProxyAuth = proxy;
            return this;
        }
    }

    public static Options options(String user) {
        return new Options(user);
    }

    /** Starts a phone for {@code user} with default options. */
    public static SipPhone start(String user) {
        return start(options(user));
    }

    public static SipPhone start(Options options) {
        return new SipPhone(options);
    }

    private SipPhone(Options options) {
        this.options = options;
        this.name = options.user;
        this.stackName = "testkit-" + options.user + "-" + instances.incrementAndGet();
        this.sipLog = new SipLog(name);
        this.answerPolicy = options.answerPolicy;
        this.authUser = options.authUser;
        this.password = options.password;
        this.domain = options.domain;
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-phone-" + stackName);
            t.setDaemon(true);
            actorThread = t;
            return t;
        });

        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip");
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        if (options.outboundProxy != null) {
            p.setProperty("javax.sip.OUTBOUND_PROXY", options.outboundProxy + "/" + options.transport);
        }
        SipStack created = null;
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            created = factory.createSipStack(p);
            tap((SipStackImpl) created, new WireTap(sipLog));
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
            this.stack = created;
            ListeningPoint[] points = bind(created, options.port);
            this.port = points[0].getPort();
            this.provider = created.createSipProvider(points[0]);
            provider.addListeningPoint(points[1]);
            provider.addSipListener(new Listener());
            created.start();
        } catch (TooManyListenersException | SipException e) {
            if (created != null) {
                stopInBackground(created, stackName);
            }
            actor.shutdownNow();
            throw new IllegalStateException("cannot start SIP phone " + name, e);
        }
        log.debug("{}: listening on {}:{} (udp, tcp), stack {}", name, HOST, port, stackName);
    }

    private static void tap(SipStackImpl stack, WireTap tap) {
        if (stack.sipMessageValves == null) {
            stack.sipMessageValves = new CopyOnWriteArrayList<>();
        }
        stack.sipMessageValves.add(0, tap);
    }

    /** UDP and TCP listening points on one port. */
    private static ListeningPoint[] bind(SipStack stack, int fixedPort) throws SipException {
        Exception last = null;
        for (int attempt = 0; attempt < (fixedPort > 0 ? 1 : 10); attempt++) {
            int candidate = fixedPort > 0 ? fixedPort : Ports.freePort();
            ListeningPoint udp = null;
            try {
                udp = stack.createListeningPoint(HOST, candidate, "udp");
                ListeningPoint tcp = stack.createListeningPoint(HOST, candidate, "tcp");
                return new ListeningPoint[] {udp, tcp};
            } catch (InvalidArgumentException | TransportNotSupportedException e) {
                last = e;
                if (udp != null) {
                    try {
                        stack.deleteListeningPoint(udp);
                    } catch (ObjectInUseException ignored) {
                        // fresh listening point, no provider yet
                    }
                }
            }
        }
        throw new SipException("cannot bind SIP port on " + HOST, last);
    }

    // ------------------------------------------------------------ identity

    public String name() {
        return name;
    }

    public String user() {
        return options.user;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return HOST + ":" + port;
    }

    /** {@code sip:user@127.0.0.1:port} (with {@code ;transport=tcp} for a TCP phone). */
    public String contactUri() {
        return "sip:" + options.user + "@" + address() + ("tcp".equals(options.transport) ? ";transport=tcp" : "");
    }

    /** {@code sip:user@domain}: the From of this phone's calls. */
    public String aor() {
        return "sip:" + options.user + "@" + effectiveDomain();
    }

    private String effectiveDomain() {
        String d = domain;
        return d != null ? d : address();
    }

    public SipLog log() {
        return sipLog;
    }

    public Duration timeout() {
        return options.timeout;
    }

    /** Changes what this phone does with the next incoming INVITEs. */
    public SipPhone answerPolicy(AnswerPolicy policy) {
        this.answerPolicy = policy;
        return this;
    }

    /**
     * Answers every later request of {@code method} with {@code status} (for INVITE: re-INVITEs
     * only; initial INVITEs follow the answer policy). ACK and CANCEL cannot be overridden.
     */
    public SipPhone respondTo(String method, int status) {
        fixedResponses.put(method.toUpperCase(Locale.ROOT), status);
        return this;
    }

    /** Credentials used to answer challenges to any request. */
    public SipPhone credentials(String authUser, String password) {
        this.authUser = authUser;
        this.password = password;
        return this;
    }

    // --------------------------------------------------------- registration

    /** REGISTER at {@code registrar} ({@code host:port}) and wait for the final response. */
    public RegisterResult register(String registrar, String user, String password, int expires) {
        return register(Registration.to(registrar).user(user).password(password).expires(expires));
    }

    public RegisterResult register(Registration r) {
        String user = r.user != null ? r.user : options.user;
        if (r.password != null) {
            credentials(r.authUser != null ? r.authUser : user, r.password);
        }
        String host = r.registrar.contains(":") ? r.registrar.substring(0, r.registrar.lastIndexOf(':')) : r.registrar;
        String aorDomain = r.domain != null ? r.domain : domain != null ? domain : host;
        if (domain == null) {
            domain = aorDomain;
        }
        RegistrationState state = registrations.computeIfAbsent(r.registrar + "|" + user + "@" + aorDomain,
                k -> new RegistrationState(r.registrar, user, aorDomain, provider.getNewCallId().getCallId()));
        List<String> contacts = r.contacts.isEmpty() ? List.of("<" + contactUri() + ">") : List.copyOf(r.contacts);
        lastRegistration = state;
        return sendRegister(state, contacts, r.expires, r.algorithm, r.headers);
    }

    /** REGISTER with Expires: 0 for the contacts of the last registration. */
    public RegisterResult unregister() {
        RegistrationState state = requireRegistration();
        return sendRegister(state, state.contacts, 0, null, List.of());
    }

    /** REGISTER with {@code Contact: *} and Expires: 0: removes every binding of the AOR. */
    public RegisterResult unregisterAll() {
        RegistrationState state = requireRegistration();
        return sendRegister(state, List.of("*"), 0, null, List.of());
    }

    private RegistrationState requireRegistration() {
        RegistrationState state = lastRegistration;
        if (state == null) {
            throw new IllegalStateException(name + " has not registered anywhere");
        }
        return state;
    }

    private RegisterResult sendRegister(RegistrationState state, List<String> contacts, int expires,
                                        Digest.Algorithm algorithm, List<String[]> extra) {
        Outstanding o = onActor(() -> {
            Request request = newRequest(Request.REGISTER, "sip:" + state.registrar,
                    "<sip:" + state.user + "@" + state.domain + ">",
                    "<sip:" + state.user + "@" + state.domain + ">", state.callId, ++state.cseq);
            for (String contact : contacts) {
                if ("*".equals(contact)) {
                    request.addHeader(headers.createContactHeader());
                } else {
                    request.addHeader(headers.createHeader(ContactHeader.NAME, contact));
                }
            }
            request.addHeader(headers.createExpiresHeader(expires));
            for (String[] h : extra) {
                request.addHeader(headers.createHeader(h[0], h[1]));
            }
            if (!contacts.contains("*") && expires > 0) {
                state.contacts = List.copyOf(contacts);
            }
            Outstanding sent = send(request, null, null, Outstanding.Kind.OTHER, algorithm);
            sent.registration = state;
            return sent;
        });
        Response response = awaitResponse(o.done, "final response to REGISTER at " + state.registrar);
        return new RegisterResult(response, List.copyOf(o.responses));
    }

    // ---------------------------------------------------------------- calls

    /** Calls {@code target} (a SIP URI such as {@code sip:102@127.0.0.1:5060}) with automatic SDP. */
    public Call call(String target) {
        return call(target, CallOptions.defaults());
    }

    public Call call(String target, CallOptions callOptions) {
        return onActor(() -> {
            String callId = provider.getNewCallId().getCallId();
            String from = callOptions.from != null ? callOptions.from : displayed(aor());
            String to = callOptions.to != null ? callOptions.to : "<" + target + ">";
            Call call = new Call(this, Call.Direction.OUTGOING, callId);
            Request invite = newRequest(Request.INVITE, target, from, to, callId, 1);
            invite.addHeader(contactHeader());
            for (String[] h : callOptions.headers) {
                invite.addHeader(headers.createHeader(h[0], h[1]));
            }
            String offer = callOptions.withoutSdp ? null
                    : callOptions.sdp != null ? callOptions.sdp : call.createOffer(Sdp.Direction.SENDRECV, false);
            if (offer != null) {
                invite.setContent(offer, sdpType());
                call.offerSent(offer);
            }
            calls.put(callId, call);
            Outstanding o = send(invite, null, call, Outstanding.Kind.INITIAL_INVITE, null);
            call.inviteDone(o.done);
            call.inviteSent(invite, o.transaction);
            return call;
        });
    }

    /** Waits for the next incoming call not returned before. */
    public Call awaitIncomingCall(Duration timeout) {
        return Await.value(timeout, name + " to receive an incoming call", () -> {
            synchronized (incoming) {
                if (incoming.size() > incomingClaimed) {
                    return Optional.of(incoming.get(incomingClaimed++));
                }
                return Optional.empty();
            }
        }, this::describe, signal);
    }

    public Call awaitIncomingCall() {
        return awaitIncomingCall(options.timeout);
    }

    /** All calls of this phone, oldest first. */
    public List<Call> calls() {
        return calls.values().stream().sorted((a, b) -> Long.compare(a.createdNanos, b.createdNanos)).toList();
    }

    /** Waits for the next received request of {@code method} (any dialog) not returned before. */
    public Request awaitRequest(String method, Duration timeout) {
        return (Request) sipLog.awaitNext(name + " to receive " + method,
                e -> e.direction() == SipLog.Direction.IN && e.isRequest() && e.method().equals(method), timeout)
                .message();
    }

    /** Waits for the next response with {@code status} to a request of {@code method} not returned before. */
    public Response awaitResponse(String method, int status, Duration timeout) {
        return (Response) sipLog.awaitNext(name + " to receive " + status + " to " + method,
                e -> e.direction() == SipLog.Direction.IN && !e.isRequest() && e.method().equals(method)
                        && e.status() == status, timeout).message();
    }

    /**
     * Sends an out-of-dialog request (OPTIONS, MESSAGE, SUBSCRIBE, ...) to {@code target} and waits
     * for its final response; digest challenges are answered.
     */
    public Response request(String method, String target, String contentType, String body, String... headerLines) {
        Outstanding o = onActor(() -> {
            Request request = newRequest(method, target, displayed(aor()), "<" + target + ">",
                    provider.getNewCallId().getCallId(), 1);
            if (Request.SUBSCRIBE.equals(method) || Request.REFER.equals(method)) {
                request.addHeader(contactHeader());
            }
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                request.addHeader(headers.createHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
            }
            if (body != null) {
                String[] type = contentType.split("/", 2);
                request.setContent(body, headers.createContentTypeHeader(type[0], type[1]));
            }
            return send(request, null, null, Outstanding.Kind.OTHER, null);
        });
        return awaitResponse(o.done, "final response to " + method + " " + target);
    }

    // ------------------------------------------------------------- plumbing

    /** Runs {@code task} on the actor thread and returns its result (bounded by the phone timeout). */
    <T> T onActor(Callable<T> task) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (Thread.currentThread() == actorThread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(name + ": " + e.getMessage(), e);
            }
        }
        Future<T> future = actor.submit(task);
        try {
            return future.get(options.timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(name + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(name + ": phone thread busy for " + options.timeout.toMillis() + " ms\n" + describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on the actor thread after {@code delay}, logging failures. */
    void schedule(Duration delay, String what, Runnable task) {
        if (!closed) {
            actor.schedule(() -> guarded(what, task), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void execute(String what, Runnable task) {
        if (!closed) {
            try {
                actor.execute(() -> guarded(what, task));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (!closed) {
                log.warn("{}: {} failed", name, what, e);
            }
        }
    }

    Response awaitResponse(CompletableFuture<Response> done, String what) {
        try {
            return done.get(options.timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + options.timeout.toMillis() + " ms waiting for " + name
                    + " to get the " + what + "\n" + describe());
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void signalChange() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    RtpPeer openRtp(String callId) {
        RtpPeer rtp = RtpPeer.open(name + "-" + callId.substring(0, Math.min(6, callId.length())));
        rtpPeers.add(rtp);
        return rtp;
    }

    String displayed(String uri) {
        return options.displayName == null ? "<" + uri + ">" : Digest.quote(options.displayName) + " <" + uri + ">";
    }

    static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFFFL);
    }

    ContentTypeHeader sdpType() throws ParseException {
        return headers.createContentTypeHeader("application", "sdp");
    }

    ContactHeader contactHeader() throws ParseException {
        Address address = addresses.createAddress(contactUri());
        return headers.createContactHeader(address);
    }

    Request newRequest(String method, String target, String from, String to, String callId, long cseq)
            throws ParseException, InvalidArgumentException {
        URI uri = addresses.createURI(target);
        if ("tcp".equals(options.transport) && uri instanceof SipURI && ((SipURI) uri).getTransportParam() == null) {
            ((SipURI) uri).setTransportParam("tcp");
        }
        FromHeader fromHeader = headers.createFromHeader(addresses.createAddress(from), newTag());
        ToHeader toHeader = headers.createToHeader(addresses.createAddress(to), null);
        Request request = messages.createRequest(uri, method, headers.createCallIdHeader(callId),
                headers.createCSeqHeader(cseq, method), fromHeader, toHeader, new ArrayList<>(List.of(newVia())),
                headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createUserAgentHeader(List.of(options.userAgent)));
        return request;
    }

    ViaHeader newVia() throws ParseException, InvalidArgumentException {
        ViaHeader via = headers.createViaHeader(HOST, port, options.transport, null);
        via.setRPort();
        return via;
    }

    /** Sends a request in a new client transaction (through {@code dialog} when given). */
    Outstanding send(Request request, Dialog dialog, Call call, Outstanding.Kind kind, Digest.Algorithm algorithm)
            throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        Outstanding o = new Outstanding(request, ct, dialog, call, kind, algorithm);
        outstanding.put(ct, o);
        logOut(request);
        if (dialog != null) {
            dialog.sendRequest(ct);
        } else {
            ct.sendRequest();
        }
        return o;
    }

    /** Sends a response on {@code st}, adding {@code toTag} when the To has none (RFC 3261 8.2.6.2). */
    Response respond(ServerTransaction st, int status, String toTag, boolean withContact, String sdp) {
        try {
            Response response = messages.createResponse(status, st.getRequest());
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to.getTag() == null) {
                to.setTag(toTag != null ? toTag : newTag());
            }
            if (withContact) {
                response.addHeader(contactHeader());
            }
            if (sdp != null) {
                response.setContent(sdp, sdpType());
            }
            response.addHeader(headers.createHeader("Server", options.userAgent));
            logOut(response);
            st.sendResponse(response);
            return response;
        } catch (ParseException | SipException | InvalidArgumentException e) {
            throw new IllegalStateException(name + ": cannot send " + status + " to " + st.getRequest().getMethod(), e);
        }
    }

    void sendAck(Dialog dialog, Request ack) throws SipException {
        logOut(ack);
        dialog.sendAck(ack);
    }

    void logOut(Message message) {
        sipLog.add(SipLog.Direction.OUT, message, peerOf(message), transportOf(message));
    }

    private String peerOf(Message message) {
        if (message instanceof Request) {
            Request request = (Request) message;
            RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
            URI next = route != null ? route.getAddress().getURI() : request.getRequestURI();
            if (options.outboundProxy != null) {
                return options.outboundProxy;
            }
            if (next instanceof SipURI) {
                SipURI sip = (SipURI) next;
                return sip.getHost() + ":" + (sip.getPort() > 0 ? sip.getPort() : 5060);
            }
            return next.toString();
        }
        ViaHeader via = (ViaHeader) message.getHeader(ViaHeader.NAME);
        if (via == null) {
            return "?";
        }
        String host = via.getReceived() != null ? via.getReceived() : via.getHost();
        int p = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
        return host + ":" + p;
    }

    private String transportOf(Message message) {
        ViaHeader via = (ViaHeader) message.getHeader(ViaHeader.NAME);
        return via == null ? options.transport : via.getTransport();
    }

    /** Everything useful for a failure message: calls, then the SIP log. */
    public String describe() {
        StringBuilder b = new StringBuilder("Phone ").append(name).append(" at ").append(address())
                .append(", calls: ");
        List<Call> all = calls();
        if (all.isEmpty()) {
            b.append("none");
        }
        for (Call c : all) {
            b.append("\n  ").append(c);
        }
        return b.append('\n').append(sipLog.dump()).toString();
    }

    @Override
    public String toString() {
        return "SipPhone[" + name + " " + address() + "]";
    }

    /**
     * Stops the stack and every RTP peer; calls are dropped without BYE. Returns once the SIP port
     * is released (a few milliseconds): JAIN-SIP's {@code stop()} then sleeps a fixed second, which
     * runs on a background thread, and leaves its event thread blocked, which is woken here.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        actor.shutdownNow();
        try {
            actor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rtpPeers.forEach(RtpPeer::close);
        Thread stopper = stopInBackground(stack, stackName);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!Ports.isFree(port) && System.nanoTime() < deadline && stopper.isAlive()) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * {@code SipStack.stop()} on a daemon thread: it closes the sockets at once, then sleeps a
     * fixed second, and leaves its event thread waiting forever; that thread is woken here.
     */
    private static Thread stopInBackground(SipStack stack, String stackName) {
        EventScanner scanner = stack instanceof SipStackImpl ? ((SipStackImpl) stack).getEventScanner() : null;
        Thread stopper = new Thread(() -> {
            try {
                stack.stop();
            } catch (RuntimeException e) {
                log.debug("{}: stack stop failed", stackName, e);
            } finally {
                if (scanner != null) {
                    scanner.addEvent(new EventWrapper(new EventObject(stack), null));
                }
            }
        }, "sip-stop-" + stackName);
        stopper.setDaemon(true);
        stopper.start();
        return stopper;
    }

    // ------------------------------------------------------------- listener

    /** JAIN-SIP listener: hands every event to the actor thread at once. */
    private final class Listener implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            execute("handling " + event.getRequest().getMethod(), () -> onRequest(event));
        }

        @Override
        public void processResponse(ResponseEvent event) {
            execute("handling " + event.getResponse().getStatusCode(), () -> onResponse(event));
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            if (!event.isServerTransaction()) {
                execute("handling a timeout", () -> onTimeout(event.getClientTransaction()));
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            log.debug("{}: I/O error towards {}:{}/{}", name, event.getHost(), event.getPort(), event.getTransport());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            // transactions are tracked through their final responses
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
            // calls end on BYE, CANCEL or a final response
        }
    }

    private void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ClientTransaction ct = event.getClientTransaction();
        Outstanding o = ct == null ? null : outstanding.get(ct);
        if (o == null) {
            onStrayResponse(event);
            return;
        }
        o.responses.add(response);
        if (o.call != null && o.kind == Outstanding.Kind.INITIAL_INVITE) {
            o.call.recordInviteResponse(response);
        }
        int status = response.getStatusCode();
        if ((status == 401 || status == 407) && retryWithCredentials(o, response)) {
            outstanding.remove(ct);
            return;
        }
        if (status < 200) {
            if (o.call != null) {
                o.call.onProvisional(o, response);
            }
            return;
        }
        outstanding.remove(ct);
        if (o.call != null) {
            o.call.onFinal(o, response, event.getDialog());
        }
        o.done.complete(response);
    }

    private void onStrayResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        Call call = calls.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null && Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2) {
            call.onRetransmitted2xx(response, event.getDialog());
        }
    }

    private void onTimeout(ClientTransaction ct) {
        Outstanding o = outstanding.remove(ct);
        if (o == null) {
            return;
        }
        try {
            Response timeout = messages.createResponse(Response.REQUEST_TIMEOUT, o.request);
            timeout.setReasonPhrase("Request Timeout (testkit: transaction timed out, no response)");
            o.responses.add(timeout);
            o.timedOut = true;
            if (o.call != null && o.kind == Outstanding.Kind.INITIAL_INVITE) {
                o.call.recordInviteResponse(timeout);
            }
            if (o.call != null) {
                o.call.onFinal(o, timeout, null);
            }
            o.done.complete(timeout);
        } catch (ParseException e) {
            o.done.completeExceptionally(e);
        }
    }

    /** Resends {@code o}'s request with credentials for the challenge in {@code response}; false to give up. */
    private boolean retryWithCredentials(Outstanding o, Response response) {
        String pass = password;
        if (pass == null || o.authAttempts >= 2) {
            return false;
        }
        boolean proxy = response.getStatusCode() == 407;
        List<String> values = headerValues(response, proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        Optional<Digest.Challenge> chosen = Digest.choose(Digest.parseAll(values),
                o.algorithm != null ? o.algorithm : options.algorithm);
        if (chosen.isEmpty() || (o.authAttempts == 1 && !chosen.get().stale())) {
            return false;
        }
        try {
            Request retry;
            String method = o.request.getMethod();
            if (o.dialog != null && o.dialog.getState() != null && o.dialog.getRemoteTag() != null) {
                retry = o.dialog.createRequest(method);
                if (o.request.getRawContent() != null) {
                    retry.setContent(o.request.getRawContent(), (ContentTypeHeader) o.request.getHeader(ContentTypeHeader.NAME));
                }
                if (o.request.getHeader(ContactHeader.NAME) != null) {
                    retry.setHeader(contactHeader());
                }
            } else {
                retry = (Request) o.request.clone();
                CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
                cseq.setSeqNumber(cseq.getSeqNumber() + 1);
                retry.removeHeader(ViaHeader.NAME);
                retry.addHeader(newVia());
            }
            String user = authUser != null ? authUser : options.user;
            String value = Digest.authorization(chosen.get(), user, pass, method, retry.getRequestURI().toString(),
                    Digest.newNonce(), 1);
            retry.setHeader(headers.createHeader(proxy ? "Proxy-Authorization" : "Authorization", value));
            Dialog dialog = o.dialog != null && o.dialog.getRemoteTag() != null ? o.dialog : null;
            Outstanding next = send(retry, dialog, o.call, o.kind, o.algorithm);
            next.authAttempts = o.authAttempts + 1;
            next.responses = o.responses;
            next.registration = o.registration;
            next.done = o.done;
            if (o.registration != null) {
                o.registration.cseq = ((CSeqHeader) retry.getHeader(CSeqHeader.NAME)).getSeqNumber();
            }
            if (o.call != null && o.kind == Outstanding.Kind.INITIAL_INVITE) {
                o.call.inviteSent(retry, next.transaction);
            }
            return true;
        } catch (ParseException | InvalidArgumentException | SipException e) {
            log.warn("{}: cannot answer the challenge to {}", name, o.request.getMethod(), e);
            return false;
        }
    }

    private void onRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        Call call = calls.get(callId);
        if (Request.ACK.equals(method)) {
            if (call != null) {
                call.onAck(request, event.getDialog());
            }
            return;
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack already answers
            } catch (SipException e) {
                log.warn("{}: no server transaction for {}", name, method, e);
                return;
            }
        }
        boolean initial = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null;
        if (options.challenger != null && (Request.REGISTER.equals(method) || (Request.INVITE.equals(method) && initial))) {
            String header = options.challengeWithProxyAuth ? "Proxy-Authorization" : "Authorization";
            List<String> credentials = headerValues(request, header);
            if (credentials.isEmpty() || !options.challenger.verify(method, credentials.get(0))) {
                challenge(st);
                return;
            }
        }
        Integer fixed = fixedResponses.get(method);
        if (fixed != null && !Request.CANCEL.equals(method) && !(Request.INVITE.equals(method) && initial)) {
            respond(st, fixed, null, false, null);
            return;
        }
        switch (method) {
            case Request.INVITE:
                if (initial) {
                    if (call == null) {
                        onNewCall(st, request);
                    }
                } else if (call != null) {
                    call.onReInvite(st, request);
                } else {
                    respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, false, null);
                }
                break;
            case Request.BYE:
                respond(st, call != null ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, false, null);
                if (call != null) {
                    call.onBye(request);
                }
                break;
            case Request.CANCEL:
                respond(st, Response.OK, null, false, null);
                if (call != null) {
                    call.onCancel(request);
                }
                break;
            case Request.UPDATE:
                if (call != null) {
                    call.onUpdate(st, request);
                } else {
                    respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, false, null);
                }
                break;
            case Request.INFO:
                respond(st, Response.OK, null, false, null);
                if (call != null) {
                    call.onInfo(request);
                }
                break;
            case Request.REGISTER:
                onRegister(st, request);
                break;
            case Request.OPTIONS:
            case Request.MESSAGE:
            case Request.NOTIFY:
            case Request.PRACK:
                respond(st, Response.OK, null, false, null);
                break;
            default:
                respond(st, Response.METHOD_NOT_ALLOWED, null, false, null);
        }
    }

    private void onNewCall(ServerTransaction st, Request invite) {
        String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        Call call = new Call(this, Call.Direction.INCOMING, callId);
        calls.put(callId, call);
        call.inviteReceived(st, invite);
        synchronized (incoming) {
            incoming.add(call);
        }
        signalChange();
        call.applyPolicy(answerPolicy);
    }

    private void challenge(ServerTransaction st) {
        try {
            boolean proxy = options.challengeWithProxyAuth;
            Response response = messages.createResponse(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED
                    : Response.UNAUTHORIZED, st.getRequest());
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(newTag());
            for (String value : options.challenger.challenges()) {
                response.addHeader(headers.createHeader(proxy ? ProxyAuthenticateHeader.NAME
                        : WWWAuthenticateHeader.NAME, value));
            }
            logOut(response);
            st.sendResponse(response);
        } catch (ParseException | SipException | InvalidArgumentException e) {
            log.warn("{}: cannot send a challenge", name, e);
        }
    }

    /** A fake registrar's answer: 200 echoing the contacts with the requested expiry. */
    private void onRegister(ServerTransaction st, Request request) {
        try {
            Response response = messages.createResponse(Response.OK, request);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(newTag());
            ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
            while (contacts.hasNext()) {
                response.addHeader((Header) ((Header) contacts.next()).clone());
            }
            Header expires = request.getHeader("Expires");
            if (expires != null) {
                response.addHeader((Header) expires.clone());
            }
            logOut(response);
            st.sendResponse(response);
        } catch (ParseException | SipException | InvalidArgumentException e) {
            log.warn("{}: cannot answer REGISTER", name, e);
        }
    }

    /** The values (without the header name) of every {@code name} header of {@code message}. */
    static List<String> headerValues(Message message, String name) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = message.getHeaders(name);
        while (it.hasNext()) {
            out.add(valueOf((Header) it.next()));
        }
        return out;
    }

    static String valueOf(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(colon + 1).trim();
    }

    static String body(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    /** Resends the ACK of a dialog whose 2xx came again (the stack no longer has the transaction). */
    static void resendAck(Dialog dialog) throws SipException {
        if (dialog instanceof SIPDialog) {
            ((SIPDialog) dialog).resendAck();
        }
    }

    /** A REGISTER binding: one Call-ID and a growing CSeq per registrar and AOR (RFC 3261 10.2). */
    static final class RegistrationState {
        final String registrar;
        final String user;
        final String domain;
        final String callId;
        long cseq;
        List<String> contacts = List.of();

        RegistrationState(String registrar, String user, String domain, String callId) {
            this.registrar = registrar;
            this.user = user;
            this.domain = domain;
            this.callId = callId;
        }
    }

    /** A request this phone sent and awaits the final response of. */
    static final class Outstanding {
        enum Kind { INITIAL_INVITE, REINVITE, CANCEL, OTHER }

        final Request request;
        final ClientTransaction transaction;
        final Dialog dialog;
        final Call call;
        final Kind kind;
        final Digest.Algorithm algorithm;
        List<Response> responses = new CopyOnWriteArrayList<>();
        CompletableFuture<Response> done = new CompletableFuture<>();
        int authAttempts;
        boolean timedOut;
        RegistrationState registration;

        Outstanding(Request request, ClientTransaction transaction, Dialog dialog, Call call, Kind kind,
                    Digest.Algorithm algorithm) {
            this.request = request;
            this.transaction = transaction;
            this.dialog = dialog;
            this.call = call;
            this.kind = kind;
            this.algorithm = algorithm;
        }
    }
}
