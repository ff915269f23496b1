import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' client, JDK only (run as a source file: {@code java bench/DesklineBench.java}).
 *
 * <pre>
 *   phones      --base URL --admin-password PW --count N [--first 200000] [--callers K] [--reg-csv FILE]
 *               [--callers-csv FILE]
 *               creates N phones (SIP username = number from --first, password "pw" + username, as in the
 *               anchors' users.csv); the first K also get a user (extension 3000 + i, internal calls only)
 *               assigned, so they can call. Writes SIPp injection files for register.xml and
 *               uac_call_auth.xml: username;[authentication username=.. password=..]
 *   seed        --base URL --admin-password PW --users N [--first-extension 1001] --csv FILE
 *               creates N users in telecommuter mode (each switches in the portal API, as a person would)
 *               and writes a SIPp injection file: extension;outside caller's number
 *   clicktocall --base URL --admin-password PW --users N --trunk-port P --rate R --duration S
 *               [--answer-after-ms 2100] [--hold-ms 500] [--server-pid PID] [--warmup S]
 *               seeds N telecommuters, then acts as the trunk (the telecommuters' phones and the targets)
 *               while it asks for R click-to-calls a second over REST for S seconds
 * </pre>
 *
 * <p>Click-to-call figures: the time from sending {@code POST /users/me/calls} to the first INVITE for the
 * user's telecommuter number arriving at the trunk (p50/p99), the POST's own response time, and how many
 * calls were bridged (the user's re-INVITE answered and acknowledged, and the target's ACK carrying the
 * answer) and hung up. Each user has at most one call at a time (a telecommuter number is a single line),
 * so N must cover R times a call's length. The trunk is a minimal SIP UAS on one UDP socket: 180 then 200
 * after {@code --answer-after-ms} for the user's leg (longer than the server's --callback-min-answer,
 * default 2 s, or the answer counts as a mailbox), 200 with an SDP offer at once for the target's leg, and
 * a BYE from the user's side after {@code --hold-ms}.
 */
public final class DesklineBench {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: DesklineBench seed|phones|clicktocall --option value ...");
            System.exit(2);
        }
        Map<String, String> o = options(args);
        switch (args[0]) {
            case "seed" -> {
                Api api = new Api(o.get("base"));
                List<Tele> users = seed(api, o.get("admin-password"), Integer.parseInt(o.get("users")),
                        Integer.parseInt(o.getOrDefault("first-extension", "1001")));
                List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
                for (Tele t : users) {
                    lines.add(t.extension + ";+3161" + t.extension.substring(t.extension.length() - 4) + "0000");
                }
                Files.write(Path.of(o.get("csv")), lines);
                System.out.println("seeded " + users.size() + " telecommuters");
            }
            case "phones" -> phones(new Api(o.get("base")), o);
            case "clicktocall" -> new ClickToCall(o).run();
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }

    // ------------------------------------------------------------------ REST

    record Tele(String extension, String number, String outbound, String token) {
    }

    static final class Api {
        final String base;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Api(String base) {
            this.base = base.replaceAll("/$", "");
        }

        HttpRequest.Builder request(String path, String token) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
            return token == null ? b : b.header("Authorization", "Bearer " + token);
        }

        HttpResponse<String> send(String method, String path, String token, String body) throws IOException, InterruptedException {
            HttpRequest r = request(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        }

        String signIn(String user, String password) throws IOException, InterruptedException {
            HttpResponse<String> r = send("POST", "/sessions", null,
                    "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
            Matcher m = TOKEN.matcher(r.body());
            if (r.statusCode() != 201 || !m.find()) {
                throw new IOException("sign-in of " + user + ": " + r.statusCode() + " " + r.body());
            }
            return m.group(1);
        }
    }

    static String number(String prefix, int n) {
        return prefix + String.format("%07d", n);
    }

    /** N users in telecommuter mode, four at a time. */
    static List<Tele> seed(Api api, String adminPassword, int count, int firstExtension) throws Exception {
        String admin = api.signIn("admin", adminPassword);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tele>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int ext = firstExtension + i;
                futures.add(pool.submit(() -> {
                    String e = String.valueOf(ext);
                    String tele = number("+3165", ext);
                    String outbound = number("+3120", ext);
                    String password = "bench-pw-" + e;
                    HttpResponse<String> created = api.send("POST", "/users", admin, "{\"extension\":\"" + e
                            + "\",\"name\":\"Bench " + e + "\",\"outboundNumber\":\"" + outbound + "\",\"portalPassword\":\""
                            + password + "\",\"dialPermission\":\"national\",\"telecommuter\":{\"allowed\":true,\"number\":\""
                            + tele + "\"}}");
                    if (created.statusCode() != 201 || !ID.matcher(created.body()).find()) {
                        throw new IOException("user " + e + ": " + created.statusCode() + " " + created.body());
                    }
                    String token = api.signIn(e, password);
                    HttpResponse<String> mode = api.send("PUT", "/users/me/mode", token, "{\"mode\":\"telecommuter\"}");
                    if (mode.statusCode() != 200) {
                        throw new IOException("mode of " + e + ": " + mode.statusCode() + " " + mode.body());
                    }
                    return new Tele(e, tele, outbound, token);
                }));
            }
            List<Tele> out = new ArrayList<>();
            for (Future<Tele> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** N phones, the first K with a user each; eight requests at a time. */
    static void phones(Api api, Map<String, String> o) throws Exception {
        String admin = api.signIn("admin", o.get("admin-password"));
        int count = Integer.parseInt(o.get("count"));
        int first = Integer.parseInt(o.getOrDefault("first", "200000"));
        int callers = Integer.parseInt(o.getOrDefault("callers", "0"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    String user = String.valueOf(first + n);
                    String assigned = "";
                    if (n < callers) {
                        String ext = String.valueOf(3000 + n);
                        HttpResponse<String> created = api.send("POST", "/users", admin, "{\"extension\":\"" + ext
                                + "\",\"name\":\"Caller " + ext + "\",\"dialPermission\":\"internal\"}");
                        Matcher id = ID.matcher(created.body());
                        if (created.statusCode() != 201 || !id.find()) {
                            throw new IOException("user " + ext + ": " + created.statusCode() + " " + created.body());
                        }
                        assigned = ",\"assignedUserId\":" + id.group(1);
                    }
                    HttpResponse<String> device = api.send("POST", "/devices", admin, "{\"name\":\"Bench " + user
                            + "\",\"sipUsername\":\"" + user + "\",\"sipPassword\":\"pw" + user + "\"" + assigned + "}");
                    if (device.statusCode() != 201) {
                        throw new IOException("device " + user + ": " + device.statusCode() + " " + device.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String[] csv : new String[][] {{"reg-csv", String.valueOf(count)}, {"callers-csv", String.valueOf(callers)}}) {
            if (o.containsKey(csv[0])) {
                List<String> lines = new ArrayList<>(List.of("SEQUENTIAL"));
                for (int i = 0; i < Integer.parseInt(csv[1]); i++) {
                    String user = String.valueOf(first + i);
                    lines.add(user + ";[authentication username=" + user + " password=pw" + user + "]");
                }
                Files.write(Path.of(o.get(csv[0])), lines);
            }
        }
        System.out.printf(Locale.ROOT, "# provisioned %d phones (%d with a user) in %.1f s%n", count, callers,
                (System.nanoTime() - t0) / 1e9);
    }

    // ------------------------------------------------------------------ click-to-call

    static final class ClickToCall {
        final Map<String, String> o;
        final Api api;
        final int rate;
        final int duration;
        final int warmup;
        final long answerAfterMs;
        final long holdMs;
        final String serverPid;
        final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        final Trunk trunk;
        // per telecommuter number: the click in flight (its POST's send time), the user's state
        final Map<String, Click> byNumber = new ConcurrentHashMap<>();
        final Map<String, Click> byOutbound = new ConcurrentHashMap<>();
        final List<Long> apiToInvite = Collections.synchronizedList(new ArrayList<>());
        final List<Long> postToCreated = Collections.synchronizedList(new ArrayList<>());
        final List<Long> apiToBridged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger posted = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger invites = new AtomicInteger();
        final AtomicInteger bridged = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        volatile boolean measuring;

        ClickToCall(Map<String, String> o) throws SocketException {
            this.o = o;
            this.api = new Api(o.get("base"));
            this.rate = Integer.parseInt(o.get("rate"));
            this.duration = Integer.parseInt(o.get("duration"));
            this.warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
            this.answerAfterMs = Long.parseLong(o.getOrDefault("answer-after-ms", "2100"));
            this.holdMs = Long.parseLong(o.getOrDefault("hold-ms", "500"));
            this.serverPid = o.get("server-pid");
            this.trunk = new Trunk(Integer.parseInt(o.get("trunk-port")), this);
        }

        /** One click-to-call of one user, from the POST to the end of the call. */
        final class Click {
            final Tele user;
            volatile long sentAt;
            volatile boolean busy;
            volatile boolean measured;
            volatile boolean userBridged;
            volatile boolean targetBridged;

            Click(Tele user) {
                this.user = user;
            }

            void bridgedSide(boolean userSide) {
                synchronized (this) {
                    if (userSide) {
                        userBridged = true;
                    } else {
                        targetBridged = true;
                    }
                    if (!(userBridged && targetBridged)) {
                        return;
                    }
                }
                bridged.incrementAndGet();
                if (measured) {
                    apiToBridged.add(System.nanoTime() - sentAt);
                }
                timers.schedule(() -> trunk.hangUpUserLeg(user.number), holdMs, TimeUnit.MILLISECONDS);
            }

            void done() {
                completed.incrementAndGet();
                synchronized (this) {
                    userBridged = false;
                    targetBridged = false;
                }
                busy = false;
            }
        }

        void run() throws Exception {
            int users = Integer.parseInt(o.get("users"));
            long t0 = System.nanoTime();
            List<Tele> seeded = seed(api, o.get("admin-password"), users, Integer.parseInt(o.getOrDefault("first-extension", "1001")));
            System.out.printf(Locale.ROOT, "seeded %d telecommuters in %.1f s%n", seeded.size(), (System.nanoTime() - t0) / 1e9);
            List<Click> clicks = new ArrayList<>();
            for (Tele t : seeded) {
                Click c = new Click(t);
                clicks.add(c);
                byNumber.put(t.number, c);
                byOutbound.put(t.outbound, c);
            }
            trunk.start();
            if (warmup > 0) {
                drive(clicks, Math.max(10, rate / 4), warmup, false);
                settle(clicks);
                System.out.printf(Locale.ROOT, "warm-up: %d s at %d/s, %d bridged%n", warmup, Math.max(10, rate / 4), bridged.get());
                resetCounters();
            }
            long cpu0 = cpuTicks();
            long wall0 = System.nanoTime();
            drive(clicks, rate, duration, true);
            settle(clicks);
            double wall = (System.nanoTime() - wall0) / 1e9;
            long cpu1 = cpuTicks();
            report(wall, cpu0, cpu1);
            trunk.stop();
            timers.shutdownNow();
        }

        void resetCounters() {
            apiToInvite.clear();
            postToCreated.clear();
            apiToBridged.clear();
            posted.set(0);
            created.set(0);
            refused.set(0);
            invites.set(0);
            bridged.set(0);
            completed.set(0);
            skipped.set(0);
            errors.clear();
            trunk.retransmissions.set(0);
        }

        /** R POSTs a second for S seconds, each to the next idle user; async, so a slow answer never holds the pace. */
        void drive(List<Click> clicks, int perSecond, int seconds, boolean measure) throws InterruptedException {
            measuring = measure;
            long period = 1_000_000_000L / perSecond;
            long start = System.nanoTime();
            int total = perSecond * seconds;
            int next = 0;
            for (int i = 0; i < total; i++) {
                long due = start + i * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Click c = null;
                for (int tries = 0; tries < clicks.size(); tries++) {
                    Click candidate = clicks.get(next);
                    next = (next + 1) % clicks.size();
                    if (!candidate.busy) {
                        c = candidate;
                        break;
                    }
                }
                if (c == null) {
                    skipped.incrementAndGet();
                    continue;
                }
                post(c, measure);
            }
        }

        void post(Click c, boolean measure) {
            c.busy = true;
            c.measured = measure;
            HttpRequest r = api.request("/users/me/calls", c.user.token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"destination\":\"0612345678\"}")).build();
            posted.incrementAndGet();
            long sent = System.nanoTime();
            c.sentAt = sent;
            api.http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, failure) -> {
                long took = System.nanoTime() - sent;
                if (failure != null || resp.statusCode() != 201) {
                    refused.incrementAndGet();
                    errors.add(failure != null ? failure.toString() : resp.statusCode() + " " + resp.body());
                    c.busy = false;
                    return;
                }
                created.incrementAndGet();
                if (measure) {
                    postToCreated.add(took);
                }
            });
        }

        /** Waits until every call has ended (or a bound). */
        void settle(List<Click> clicks) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(answerAfterMs + holdMs + 15_000);
            while (System.nanoTime() < deadline && clicks.stream().anyMatch(c -> c.busy)) {
                Thread.sleep(50);
            }
        }

        void userInvite(String number) {
            Click c = byNumber.get(number);
            if (c == null) {
                errors.add("INVITE for unknown number " + number);
                return;
            }
            invites.incrementAndGet();
            if (c.measured) {
                apiToInvite.add(System.nanoTime() - c.sentAt);
            }
        }

        long cpuTicks() {
            if (serverPid == null) {
                return -1;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException e) {
                return -1;
            }
        }

        void report(double wall, long cpu0, long cpu1) {
            int expected = rate * duration;
            boolean pass = errors.isEmpty() && skipped.get() == 0 && created.get() == expected && bridged.get() == expected
                    && completed.get() == expected && percentile(apiToInvite, 0.99) < 10_000_000L;
            System.out.printf(Locale.ROOT,
                    "clicktocall rate=%d/s dur=%ds users=%s posted=%d created=%d refused=%d skipped=%d invites=%d bridged=%d "
                            + "completed=%d setups/s=%.0f api->invite_p50/p99/max=%s post->201_p50/p99=%s api->bridged_p50/p99=%s "
                            + "retrans=%d server_cpu%%=%s %s%n",
                    rate, duration, o.get("users"), posted.get(), created.get(), refused.get(), skipped.get(), invites.get(),
                    bridged.get(), completed.get(), bridged.get() / (double) duration, ms(apiToInvite, 0.5) + "/"
                            + ms(apiToInvite, 0.99) + "/" + ms(apiToInvite, 1.0), ms(postToCreated, 0.5) + "/" + ms(postToCreated, 0.99),
                    ms(apiToBridged, 0.5) + "/" + ms(apiToBridged, 0.99), trunk.retransmissions.get(),
                    cpu0 < 0 ? "-" : String.format(Locale.ROOT, "%.0f", (cpu1 - cpu0) / 100.0 / wall * 100),
                    pass ? "PASS" : "FAIL");
            if (!errors.isEmpty()) {
                System.out.println("first errors: " + errors.subList(0, Math.min(5, errors.size())));
            }
        }

        static String ms(List<Long> values, double q) {
            return values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", percentile(values, q) / 1e6);
        }

        static long percentile(List<Long> values, double q) {
            List<Long> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            if (sorted.isEmpty()) {
                return 0;
            }
            Collections.sort(sorted);
            int i = (int) Math.ceil(q * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    // ------------------------------------------------------------------ the fake trunk

    /**
     * A minimal SIP UAS/UAC on one UDP socket, enough for the click-to-call flow: the user's leg (a
     * telecommuter number) rings and answers after a delay and takes the bridging re-INVITE; the target's
     * leg answers at once with an offer; the user's side hangs up.
     */
    static final class Trunk {
        final DatagramSocket socket;
        final DatagramSocket media;
        final ClickToCall bench;
        final Map<String, Leg> legs = new ConcurrentHashMap<>();
        final Map<String, Leg> userLegByNumber = new ConcurrentHashMap<>();
        final AtomicLong branches = new AtomicLong();
        final AtomicInteger retransmissions = new AtomicInteger();
        volatile boolean running = true;
        Thread reader;
        Thread drain;

        Trunk(int port, ClickToCall bench) throws SocketException {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            this.socket.setReceiveBufferSize(4 << 20);
            this.media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.media.setReceiveBufferSize(4 << 20);
            this.bench = bench;
        }

        final class Leg {
            final String callId;
            final boolean userLeg;
            final String number;
            final List<String> vias;
            final String from;
            final String to;
            final String contact;
            final String cseq;
            final SocketAddress server;
            volatile String lastResponse;
            volatile boolean answered;
            volatile boolean initialAcked;
            volatile boolean acked;
            volatile long reinviteCseq = -1;
            volatile String lastReinviteResponse;

            Leg(Message invite, boolean userLeg, String number, SocketAddress server) {
                this.callId = invite.header("Call-ID");
                this.userLeg = userLeg;
                this.number = number;
                this.vias = invite.headers("Via");
                this.from = invite.header("From");
                this.to = invite.header("To") + ";tag=bench" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
                this.contact = uriOf(invite.header("Contact"));
                this.cseq = invite.header("CSeq");
                this.server = server;
            }
        }

        void start() {
            reader = new Thread(this::readLoop, "trunk-reader");
            reader.setDaemon(true);
            reader.start();
            drain = new Thread(() -> {
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                while (running) {
                    try {
                        media.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "media-sink");
            drain.setDaemon(true);
            drain.start();
        }

        void stop() {
            running = false;
            socket.close();
            media.close();
        }

        void readLoop() {
            byte[] buf = new byte[16384];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (running) {
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                try {
                    handle(Message.parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)), p.getSocketAddress());
                } catch (RuntimeException e) {
                    bench.errors.add("trunk: " + e);
                }
            }
        }

        void handle(Message m, SocketAddress from) {
            if (m.isResponse()) {
                if (m.status >= 200 && m.header("CSeq").endsWith("BYE")) {
                    Leg leg = legs.remove(m.header("Call-ID"));
                    if (leg != null && leg.userLeg) {
                        userLegByNumber.remove(leg.number, leg);
                        ClickToCall.Click c = bench.byNumber.get(leg.number);
                        if (c != null) {
                            c.done();
                        }
                    }
                }
                return;
            }
            String callId = m.header("Call-ID");
            Leg leg = legs.get(callId);
            switch (m.method) {
                case "INVITE" -> {
                    if (leg == null && !m.header("To").contains("tag=")) {
                        newCall(m, from);
                    } else if (leg != null && !m.header("To").contains("tag=")) {
                        retransmissions.incrementAndGet();
                        if (leg.lastResponse != null) {
                            send(leg.lastResponse, from);
                        }
                    } else if (leg != null) {
                        reinvite(leg, m, from);
                    } else {
                        send(response(m, 481, "Call/Transaction Does Not Exist", null, null, null), from);
                    }
                }
                case "ACK" -> {
                    if (leg == null) {
                        return;
                    }
                    long cseq = Long.parseLong(m.header("CSeq").split(" ")[0]);
                    if (leg.userLeg && cseq != leg.reinviteCseq) {
                        leg.initialAcked = true;
                    } else if (leg.userLeg) {
                        if (!leg.acked) {
                            leg.acked = true;
                            ClickToCall.Click c = bench.byNumber.get(leg.number);
                            if (c != null) {
                                c.bridgedSide(true);
                            }
                        }
                    } else if (!leg.userLeg && !leg.acked) {
                        leg.acked = true;
                        if (m.body.isEmpty()) {
                            bench.errors.add("target ACK without the user's answer");
                        }
                        ClickToCall.Click c = bench.byOutbound.get(leg.number);
                        if (c != null) {
                            c.bridgedSide(false);
                        }
                    }
                }
                case "BYE" -> {
                    send(response(m, 200, "OK", null, null, null), from);
                    if (leg != null) {
                        legs.remove(callId);
                        if (leg.userLeg) {
                            userLegByNumber.remove(leg.number, leg);
                            ClickToCall.Click c = bench.byNumber.get(leg.number);
                            if (c != null) {
                                c.done();
                            }
                        }
                    }
                }
                case "CANCEL" -> {
                    send(response(m, 200, "OK", null, null, null), from);
                    if (leg != null && !leg.answered) {
                        bench.errors.add("CANCEL for " + leg.number);
                    }
                }
                default -> send(response(m, 200, "OK", null, null, null), from);
            }
        }

        void newCall(Message invite, SocketAddress server) {
            String number = userOf(invite.requestUri);
            boolean userLeg = bench.byNumber.containsKey(number);
            String key = userLeg ? number : userOf(uriOf(invite.header("From")));
            Leg leg = new Leg(invite, userLeg, key, server);
            legs.put(leg.callId, leg);
            if (userLeg) {
                bench.userInvite(number);
                userLegByNumber.put(number, leg);
                leg.lastResponse = response(invite, 180, "Ringing", leg.to, null, null);
                send(leg.lastResponse, server);
                bench.timers.schedule(() -> answer(leg, invite), bench.answerAfterMs, TimeUnit.MILLISECONDS);
            } else {
                answer(leg, invite);
            }
        }

        void answer(Leg leg, Message invite) {
            leg.answered = true;
            leg.lastResponse = response(invite, 200, "OK", leg.to, contact(), sdp(1));
            send(leg.lastResponse, leg.server);
            retransmit(leg, leg.lastResponse, 500,
                    () -> leg.userLeg ? !leg.initialAcked && leg.reinviteCseq < 0 : !leg.acked);
        }

        /** A 2xx until its ACK (RFC 3261 §13.3.1.4), a few times. */
        void retransmit(Leg leg, String response, long after, java.util.function.BooleanSupplier unacked) {
            if (after > 4000) {
                return;
            }
            bench.timers.schedule(() -> {
                if (unacked.getAsBoolean() && legs.containsKey(leg.callId)) {
                    retransmissions.incrementAndGet();
                    send(response, leg.server);
                    retransmit(leg, response, after * 2, unacked);
                }
            }, after, TimeUnit.MILLISECONDS);
        }

        void reinvite(Leg leg, Message m, SocketAddress server) {
            long cseq = Long.parseLong(m.header("CSeq").split(" ")[0]);
            if (cseq == leg.reinviteCseq && leg.lastReinviteResponse != null) {
                retransmissions.incrementAndGet();
                send(leg.lastReinviteResponse, server);
                return;
            }
            leg.reinviteCseq = cseq;
            leg.lastReinviteResponse = response(m, 200, "OK", null, contact(), sdp(2));
            send(leg.lastReinviteResponse, server);
            retransmit(leg, leg.lastReinviteResponse, 500, () -> !leg.acked);
        }

        void hangUpUserLeg(String number) {
            Leg leg = userLegByNumber.get(number);
            if (leg == null) {
                return;
            }
            String request = "BYE " + leg.contact + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKbench" + branches.incrementAndGet() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: " + leg.to + "\r\n"
                    + "To: " + leg.from + "\r\n"
                    + "Call-ID: " + leg.callId + "\r\n"
                    + "CSeq: 1 BYE\r\n"
                    + "Content-Length: 0\r\n\r\n";
            send(request, leg.server);
        }

        String contact() {
            return "<sip:bench@127.0.0.1:" + socket.getLocalPort() + ">";
        }

        String sdp(int version) {
            return "v=0\r\no=bench 1 " + version + " IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + media.getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
        }

        static String response(Message request, int status, String reason, String to, String contact, String body) {
            StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
            for (String via : request.headers("Via")) {
                b.append("Via: ").append(via).append("\r\n");
            }
            b.append("From: ").append(request.header("From")).append("\r\n");
            b.append("To: ").append(to != null ? to : request.header("To")).append("\r\n");
            b.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
            b.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
            if (contact != null) {
                b.append("Contact: ").append(contact).append("\r\n");
            }
            if (body != null) {
                b.append("Content-Type: application/sdp\r\n");
                b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
            } else {
                b.append("Content-Length: 0\r\n\r\n");
            }
            return b.toString();
        }

        void send(String message, SocketAddress to) {
            byte[] data = message.getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(data, data.length, to));
            } catch (IOException e) {
                if (running) {
                    bench.errors.add("send: " + e);
                }
            }
        }

        static String uriOf(String nameAddr) {
            if (nameAddr == null) {
                return null;
            }
            int lt = nameAddr.indexOf('<');
            int gt = nameAddr.indexOf('>');
            if (lt >= 0 && gt > lt) {
                return nameAddr.substring(lt + 1, gt);
            }
            int semi = nameAddr.indexOf(';');
            return (semi > 0 ? nameAddr.substring(0, semi) : nameAddr).trim();
        }

        static String userOf(String uri) {
            if (uri == null) {
                return null;
            }
            String s = uri.replaceFirst("^sips?:", "");
            int at = s.indexOf('@');
            return at > 0 ? s.substring(0, at) : s;
        }
    }

    /** A SIP message read just far enough: start line, headers (full names), body. */
    static final class Message {
        String method;
        String requestUri;
        int status;
        final Map<String, List<String>> headers = new HashMap<>();
        String body = "";

        boolean isResponse() {
            return method == null;
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? "" : v.get(0);
        }

        List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        static Message parse(String text) {
            Message m = new Message();
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            m.body = end < 0 ? "" : text.substring(end + 4);
            String[] lines = head.split("\r\n");
            String[] start = lines[0].split(" ", 3);
            if (start[0].startsWith("SIP/")) {
                m.status = Integer.parseInt(start[1]);
            } else {
                m.method = start[0];
                m.requestUri = start[1];
            }
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = expand(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT));
                String value = lines[i].substring(colon + 1).trim();
                List<String> list = m.headers.computeIfAbsent(name, k -> new ArrayList<>());
                if (name.equals("via")) {
                    for (String v : value.split(",")) {
                        list.add(v.trim());
                    }
                } else {
                    list.add(value);
                }
            }
            return m;
        }

        private static String expand(String compact) {
            return switch (compact) {
                case "v" -> "via";
                case "f" -> "from";
                case "t" -> "to";
                case "i" -> "call-id";
                case "m" -> "contact";
                case "l" -> "content-length";
                case "c" -> "content-type";
                default -> compact;
            };
        }
    }
}
