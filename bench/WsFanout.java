import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live-event fan-out benchmark: many open {@code /api/v1/events} connections, presence changes made
 * over REST, and the time from sending each change to its arrival on every socket that should get it.
 *
 * <p>Run by {@code bench/ws-fanout.sh} against a server it starts; JDK only, launched as a single source
 * file. The sockets are plain NIO with a minimal WebSocket reader (the server's frames are unmasked),
 * so that the client costs little of the CPU it shares with the server.
 *
 * <pre>
 * java bench/WsFanout.java --base http://127.0.0.1:8080 --admin-password pw --server-pid 1234 \
 *     --users 2000 --connections 10000 --watchers 10000 --buddies 0 --changes 200 --interval-ms 100
 * </pre>
 */
public final class WsFanout {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final byte[] MARK = "\"message\":\"bench-".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, String> opts;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final int users;
    private final int connections;
    private final int changes;
    /** How many of the sockets subscribe to directory presence (every change reaches them all). */
    private final int watchers;
    /** How many colleagues each other socket follows by id ({@code ?presence=}), like a buddy list. */
    private final int buddies;
    /** Per user, the sockets following them by id. */
    private final java.util.concurrent.atomic.AtomicIntegerArray followers;
    private AtomicLongArray sentAt;
    private java.util.concurrent.atomic.AtomicIntegerArray receivedPerChange;
    private long[] latencies;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    /** Per user, their sockets that do not watch the directory (a change of theirs reaches those too). */
    private final java.util.concurrent.atomic.AtomicIntegerArray ownOnly;
    private final AtomicInteger watchersOpen = new AtomicInteger();
    /** The server's id of each bench user, by index. */
    private final List<Long> userIds = new ArrayList<>();

    private WsFanout(Map<String, String> opts) {
        this.opts = opts;
        this.base = opts.get("base");
        this.users = Integer.parseInt(opts.getOrDefault("users", "2000"));
        this.connections = Integer.parseInt(opts.getOrDefault("connections", "10000"));
        this.changes = Integer.parseInt(opts.getOrDefault("changes", "200"));
        this.watchers = Integer.parseInt(opts.getOrDefault("watchers", Integer.toString(connections)));
        this.buddies = Integer.parseInt(opts.getOrDefault("buddies", "0"));
        this.followers = new java.util.concurrent.atomic.AtomicIntegerArray(users);
        this.ownOnly = new java.util.concurrent.atomic.AtomicIntegerArray(users);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new WsFanout(opts).run();
    }

    private void run() throws Exception {
        String admin = signIn("admin", opts.get("admin-password"));
        long t = System.nanoTime();
        List<String> tokens = createUsers(admin);  // fills userIds too
        System.out.printf("users: %d created and signed in in %.1f s%n", tokens.size(), secs(t));

        t = System.nanoTime();
        int readers = Integer.parseInt(opts.getOrDefault("readers", "1"));
        List<Receiver> receivers = new ArrayList<>();
        int open = 0;
        for (int r = 0; r < readers; r++) {
            Receiver receiver = new Receiver(r, readers);
            receiver.open(tokens);
            open += receiver.open;
            receivers.add(receiver);
            Thread reader = new Thread(receiver::loop, "reader-" + r);
            reader.setDaemon(true);
            reader.start();
        }
        System.out.printf("sockets: %d open (%d per user, %d watching the directory, the others following %d "
                + "colleagues each, %d reader threads) in %.1f s%n", open, connections / users, watchersOpen.get(),
                buddies, readers, secs(t));
        Thread.sleep(2_000);
        memory("server with " + open + " sockets open");

        long reach = 0;
        for (int u = 0; u < users; u++) {
            reach += watchersOpen.get() + ownOnly.get(u) + followers.get(u);
        }
        int perChange = (int) (reach / users);
        int expected = 0;
        sentAt = new AtomicLongArray(changes);
        receivedPerChange = new java.util.concurrent.atomic.AtomicIntegerArray(changes);
        int[] expectedPerChange = new int[changes];
        int most = 0;
        for (int u = 0; u < users; u++) {
            most = Math.max(most, watchersOpen.get() + ownOnly.get(u) + followers.get(u));
        }
        latencies = new long[Math.max(1, changes * most)];
        long[] restMicros = new long[changes];
        String[] states = {"busy", "away", "dnd", "available"};
        long interval = Long.parseLong(opts.getOrDefault("interval-ms", "100"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "50"));
        for (int k = 0; k < warmup; k++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/users/me/presence"))
                    .header("Authorization", "Bearer " + tokens.get(k % users)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + states[k % states.length]
                            + "\",\"message\":\"warming up\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("warm-up change: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(interval);
        }
        Thread.sleep(2_000);
        String jfr = opts.get("jfr");
        if (jfr != null) {
            System.out.println(jcmd(opts.get("server-pid"), "JFR.start", "name=fanout", "settings=profile",
                    "filename=" + jfr).strip());
        }
        long serverCpuBefore = cpuNanos(opts.get("server-pid"));
        long clientCpuBefore = cpuNanos("self");
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        for (int k = 0; k < changes; k++) {
            int user = k % users;
            expectedPerChange[k] = watchersOpen.get() + ownOnly.get(user) + followers.get(user);
            expected += expectedPerChange[k];
            String body = "{\"state\":\"" + states[k % states.length] + "\",\"message\":\"bench-" + k + "\"}";
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/users/me/presence"))
                    .header("Authorization", "Bearer " + tokens.get(user)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            sentAt.set(k, start);
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            restMicros[k] = (System.nanoTime() - start) / 1_000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("presence change " + k + ": " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(interval);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        receivers.forEach(r -> r.stop = true);
        int got = received.get();
        long serverCpu = cpuNanos(opts.get("server-pid")) - serverCpuBefore;
        long clientCpu = cpuNanos("self") - clientCpuBefore;
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        if (jfr != null) {
            System.out.println(jcmd(opts.get("server-pid"), "JFR.stop", "name=fanout").strip());
        }
        long[] lat = Arrays.copyOf(latencies, Math.min(got, latencies.length));
        Arrays.sort(lat);
        Arrays.sort(restMicros);
        System.out.printf("changes: %d measured after %d to warm up, one every %d ms, each to about %d sockets "
                + "(directory watchers, followers, the user's own)%n", changes, warmup, interval, perChange);
        System.out.printf("delivered: %d of %d expected (%d sockets closed by the server)%n", got, expected,
                closedByServer.get());
        System.out.printf("event latency, REST call sent -> received on a socket: p50 %.1f ms, p90 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms%n", pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 100));
        System.out.printf("REST PUT /users/me/presence: p50 %.1f ms, p99 %.1f ms%n", restMicros[changes / 2] / 1000.0,
                restMicros[Math.min(changes - 1, (int) Math.ceil(changes * 0.99) - 1)] / 1000.0);
        System.out.printf("CPU while changing: server %.1f s (%.1f us per delivered event), this client %.1f s; "
                + "load average before %s, after %s%n", serverCpu / 1e9, got == 0 ? 0 : serverCpu / 1e3 / got,
                clientCpu / 1e9, loadBefore.substring(0, loadBefore.lastIndexOf(' ')),
                loadAfter.substring(0, loadAfter.lastIndexOf(' ')));
        memory("server after the run");
        if (got != expected) {
            StringBuilder short_ = new StringBuilder();
            for (int k = 0; k < changes; k++) {
                if (receivedPerChange.get(k) != expectedPerChange[k]) {
                    short_.append(String.format(" #%d(user %d: %d of %d)", k, k % users, receivedPerChange.get(k),
                            expectedPerChange[k]));
                }
            }
            System.out.println("changes not delivered to every socket:" + short_);
        }
        System.out.println("RESULT " + (got == expected ? "complete" : "INCOMPLETE"));
    }

    private static double pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = p >= 100 ? sortedNanos.length - 1 : (int) Math.ceil(sortedNanos.length * p / 100.0) - 1;
        return sortedNanos[Math.max(0, i)] / 1e6;
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    // ---- REST set-up

    private String signIn(String username, String password) throws Exception {
        HttpResponse<String> r = http.send(post("/api/v1/sessions", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("sign-in of " + username + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private HttpRequest post(String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** Creates the users (extensions 20000...) with 16 requests in flight, then signs each in. */
    private List<String> createUsers(String admin) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<String>> tokens = new ArrayList<>();
        long[] ids = new long[users];
        for (int i = 0; i < users; i++) {
            String ext = Integer.toString(20_000 + i);
            String pw = "bench-pw-" + ext;
            int index = i;
            inFlight.acquire();
            CompletableFuture<String> token = http.sendAsync(post("/api/v1/users", admin,
                            "{\"extension\":\"" + ext + "\",\"name\":\"Bench " + ext + "\",\"portalPassword\":\"" + pw
                                    + "\"}"), HttpResponse.BodyHandlers.ofString())
                    .thenCompose(r -> {
                        Matcher id = ID.matcher(r.body());
                        if (r.statusCode() != 201 || !id.find()) {
                            throw new IllegalStateException("create " + ext + ": " + r.statusCode() + " " + r.body());
                        }
                        ids[index] = Long.parseLong(id.group(1));
                        return http.sendAsync(post("/api/v1/sessions", null,
                                "{\"username\":\"" + ext + "\",\"password\":\"" + pw + "\"}"),
                                HttpResponse.BodyHandlers.ofString());
                    })
                    .thenApply(r -> {
                        Matcher m = TOKEN.matcher(r.body());
                        if (!m.find()) {
                            throw new IllegalStateException("sign-in " + ext + ": " + r.body());
                        }
                        return m.group(1);
                    })
                    .whenComplete((v, e) -> inFlight.release());
            tokens.add(token);
        }
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> f : tokens) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        for (long id : ids) {
            userIds.add(id);
        }
        return out;
    }

    // ---- the sockets

    /** Every socket on one selector: the handshake, then text frames scanned for the change number. */
    private final class Receiver {
        private final Selector selector;
        private final int part;
        private final int parts;
        private int open;
        volatile boolean stop;

        /** Sockets part, part + parts, ... of all. */
        Receiver(int part, int parts) throws IOException {
            this.part = part;
            this.parts = parts;
            selector = Selector.open();
        }

        /** Opens its sockets, 256 handshakes at a time, round-robin over the users. */
        void open(List<String> tokens) throws Exception {
            URI uri = URI.create(base);
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
            int mine = (connections - part + parts - 1) / parts;
            int started = 0;
            while (open < mine) {
                while (started < mine && started - open < 256) {
                    int index = part + started * parts;
                    int user = index % users;
                    boolean directory = index < watchers;
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(address);
                    String follow = directory || buddies == 0 ? "" : "&presence=" + followed(index, user);
                    String request = "GET /api/v1/events?token=" + tokens.get(user) + (directory ? "&directory=true" : "")
                            + follow
                            + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n";
                    ch.register(selector, SelectionKey.OP_CONNECT, new Conn(user, directory, request));
                    started++;
                }
                selector.select(1_000);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    SocketChannel ch = (SocketChannel) key.channel();
                    if (key.isConnectable()) {
                        ch.finishConnect();
                        ch.write(ByteBuffer.wrap(c.request.getBytes(StandardCharsets.US_ASCII)));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable() && !c.upgraded) {
                        if (ch.read(c.in) < 0) {
                            throw new IOException("closed during the handshake");
                        }
                        String head = new String(c.in.array(), 0, c.in.position(), StandardCharsets.US_ASCII);
                        int end = head.indexOf("\r\n\r\n");
                        if (end >= 0) {
                            if (!head.startsWith("HTTP/1.1 101")) {
                                throw new IOException("no upgrade: " + head);
                            }
                            c.upgraded = true;
                            c.in.flip();
                            c.in.position(end + 4);
                            c.in.compact();
                            if (c.directory) {
                                watchersOpen.incrementAndGet();
                            } else {
                                ownOnly.incrementAndGet(c.user);
                            }
                            open++;
                        }
                    }
                }
            }
        }

        void loop() {
            try {
                while (!stop) {
                    selector.select(200);
                    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (key.isValid() && key.isReadable()) {
                            read(key);
                        }
                    }
                }
            } catch (IOException e) {
                e.printStackTrace();
            }
        }

        private void read(SelectionKey key) throws IOException {
            Conn c = (Conn) key.attachment();
            SocketChannel ch = (SocketChannel) key.channel();
            int n = ch.read(c.in);
            long now = System.nanoTime();
            if (n < 0) {
                key.cancel();
                ch.close();
                return;
            }
            c.in.flip();
            while (c.in.remaining() >= 2) {
                int start = c.in.position();
                int b0 = c.in.get(start) & 0xff;
                int b1 = c.in.get(start + 1) & 0x7f;
                int header = 2;
                long len = b1;
                if (b1 == 126) {
                    if (c.in.remaining() < 4) {
                        break;
                    }
                    len = c.in.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (b1 == 127) {
                    if (c.in.remaining() < 10) {
                        break;
                    }
                    len = c.in.getLong(start + 2);
                    header = 10;
                }
                if (c.in.remaining() < header + len) {
                    break;
                }
                int opcode = b0 & 0x0f;
                if (opcode == 0x1) {
                    int k = changeNumber(c.in, start + header, (int) len);
                    if (k >= 0 && k < sentAt.length()) {
                        receivedPerChange.incrementAndGet(k);
                        int i = received.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = now - sentAt.get(k);
                        }
                    }
                } else if (opcode == 0x8) {
                    closedByServer.incrementAndGet();
                } else if (opcode == 0x9 && len < 126) {
                    // answer the server's heartbeat: a pong, masked (with a zero key) as a client must
                    ByteBuffer pong = ByteBuffer.allocate(6 + (int) len);
                    pong.put((byte) 0x8A).put((byte) (0x80 | len)).putInt(0);
                    for (int p = 0; p < len; p++) {
                        pong.put(c.in.get(start + header + p));
                    }
                    pong.flip();
                    ch.write(pong);
                }
                c.in.position(start + header + (int) len);
            }
            c.in.compact();
            if (!c.in.hasRemaining()) {
                throw new IOException("frame larger than the buffer");
            }
        }

        /** The colleagues socket {@code index} follows: {@code buddies} users other than its own, counted. */
        private String followed(int index, int own) {
            java.util.Random r = new java.util.Random(index);
            java.util.Set<Integer> picked = new java.util.LinkedHashSet<>();
            while (picked.size() < Math.min(buddies, users - 1)) {
                int u = r.nextInt(users);
                if (u != own && picked.add(u)) {
                    followers.incrementAndGet(u);
                }
            }
            StringBuilder ids = new StringBuilder();
            for (int u : picked) {
                ids.append(ids.length() == 0 ? "" : ",").append(userIds.get(u));
            }
            return ids.toString();
        }

        /** The k of "message":"bench-k" in the frame, or -1. */
        private int changeNumber(ByteBuffer b, int from, int len) {
            int end = from + len - MARK.length;
            outer:
            for (int i = from; i <= end; i++) {
                for (int j = 0; j < MARK.length; j++) {
                    if (b.get(i + j) != MARK[j]) {
                        continue outer;
                    }
                }
                int k = 0;
                for (int p = i + MARK.length; p < from + len && Character.isDigit(b.get(p)); p++) {
                    k = k * 10 + (b.get(p) - '0');
                }
                return k;
            }
            return -1;
        }
    }

    private static final class Conn {
        final int user;
        final boolean directory;
        final String request;
        final ByteBuffer in = ByteBuffer.allocate(8192);
        boolean upgraded;

        Conn(int user, boolean directory, String request) {
            this.user = user;
            this.directory = directory;
            this.request = request;
        }
    }

    // ---- the server's CPU and memory

    /** User and system CPU time of a process so far, from /proc (clock ticks of 10 ms); -1 if unknown. */
    private static long cpuNanos(String pid) throws IOException {
        if (pid == null) {
            return -1;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    private void memory(String when) throws Exception {
        String pid = opts.get("server-pid");
        if (pid == null) {
            return;
        }
        String rss = "?";
        String hwm = "?";
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = line.substring(6).strip();
            } else if (line.startsWith("VmHWM:")) {
                hwm = line.substring(6).strip();
            }
        }
        String heapBefore = heapUsed(pid);
        jcmd(pid, "GC.run");
        String heapAfter = heapUsed(pid);
        System.out.printf("memory (%s): RSS %s (peak %s), heap used %s, %s after a full GC%n", when, rss, hwm,
                heapBefore, heapAfter);
    }

    private static String heapUsed(String pid) throws Exception {
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        return m.find() ? (Long.parseLong(m.group(2)) / 1024) + " MB (of " + (Long.parseLong(m.group(1)) / 1024)
                + " MB committed)" : "?";
    }

    private static String jcmd(String pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
