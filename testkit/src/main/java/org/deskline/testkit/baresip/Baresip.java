package org.deskline.testkit.baresip;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.deskline.testkit.Await;
import org.deskline.testkit.net.Ports;
import org.deskline.testkit.proc.ManagedProcess;
import org.deskline.testkit.proc.Tools;
import org.deskline.testkit.rtp.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's {@code baresip} (1.0.0) as a real, headless softphone: a generated configuration in a
 * temporary directory (SIP on a free port of 127.0.0.1, ctrl_tcp on another, audio from a
 * generated 8 kHz tone WAV, the received audio recorded by the sndfile module, one account with
 * auto-answer and PCMU), controlled over ctrl_tcp (netstring-wrapped JSON) with the pushed events
 * recorded.
 *
 * <p>The process runs under {@link ManagedProcess} and with baresip's own {@code -t} lifetime:
 * {@link #close()} quits and kills it, and it never outlives the JVM. Threads: one daemon reading
 * ctrl_tcp; public methods are thread-safe.
 *
 * <p>Gotchas baked in: {@code net_interface} must be an address ({@code lo} fails); the aufile
 * source ends the call when its file ends, so the tone lasts the whole lifetime; TLS binds the SIP
 * port + 1, so that port is reserved too; the recording is complete only after the call closed.
 */
public final class Baresip implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Baresip.class);
    public static final String BINARY = "baresip";

    private final Options options;
    private final Path dir;
    private final Path recordings;
    private final int sipPort;
    private final int ctrlPort;
    private final ManagedProcess process;
    private final List<BaresipEvent> events = new ArrayList<>();
    private final Set<Integer> claimedEvents = new HashSet<>();
    private final Map<String, Map<String, Object>> responses = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private Socket ctrl;
    private Thread reader;
    private volatile boolean closed;

    /** baresip settings. Fluent and mutable. */
    public static final class Options {
        String user;
        String registrar;
        String password;
        String authUser;
        int regint = 60;
        String answerMode = "auto";
        String codecs = "PCMU";
        double toneHz = 440;
        int amplitude = 8000;
        Duration lifetime = Duration.ofSeconds(60);
        final List<String> extraConfig = new ArrayList<>();
        String extraAccountParams = "";
        boolean keepFiles;

        private Options(String user) {
            this.user = user;
        }

        /** Register at {@code host:port} with {@code password} every {@code regint} seconds (default 60). */
        public Options registrar(String hostPort, String password) {
            this.registrar = hostPort;
            this.password = password;
            return this;
        }

        public Options authUser(String authUser) {
            this.authUser = authUser;
            return this;
        }

        public Options regint(int seconds) {
            this.regint = seconds;
            return this;
        }

        /** {@code auto} (default) or {@code manual}. */
        public Options answerMode(String mode) {
            this.answerMode = mode;
            return this;
        }

        /** {@code audio_codecs} of the account, default {@code PCMU}. */
        public Options codecs(String codecs) {
            this.codecs = codecs;
            return this;
        }

        /** The tone baresip sends (default 440 Hz, amplitude 8000). */
        public Options tone(double hz, int amplitude) {
            this.toneHz = hz;
            this.amplitude = amplitude;
            return this;
        }

        /** baresip quits by itself after this ({@code -t}); default 60 s. */
        public Options lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** An extra line for the config file. */
        public Options config(String line) {
            this.extraConfig.add(line);
            return this;
        }

        /** Extra account parameters, e.g. {@code ;outbound="sip:127.0.0.1:5060"}. */
        public Options accountParams(String params) {
            this.extraAccountParams = params;
            return this;
        }

        /** Keep the configuration directory and recordings after {@link Baresip#close()} (for debugging). */
        public Options keepFiles(boolean keep) {
            this.keepFiles = keep;
            return this;
        }
    }

    public static Options options(String user) {
        return new Options(user);
    }

    public static boolean available() {
        return Tools.onPath(BINARY).isPresent();
    }

    /** Skips without baresip, except on CI (environment variable {@code CI}), where it fails. */
    public static void assumeAvailable() {
        Tools.assumeInstalled(BINARY, "baresip");
    }

    /** Starts baresip for {@code user} without registration, reachable at {@link #uri()}. */
    public static Baresip start(String user) {
        return start(options(user));
    }

    public static Baresip start(Options options) {
        assumeAvailable();
        return new Baresip(options);
    }

    private Baresip(Options options) {
        this.options = options;
        try {
            this.dir = Files.createTempDirectory("baresip-" + options.user + "-");
            this.recordings = Files.createDirectories(dir.resolve("rec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sipPort = Ports.freeRange(2); // TLS binds sip_listen + 1
        this.ctrlPort = Ports.freePort();
        int rtpPorts = Ports.freeRange(20);
        long seconds = Math.max(1, options.lifetime.toSeconds());
        Path tone = Wav.writeTone(dir.resolve("tx_8k_mono.wav"), options.toneHz, options.amplitude, (int) seconds + 5);
        writeConfig(tone, rtpPorts);
        List<String> command = List.of(BINARY, "-f", dir.toString(), "-t", String.valueOf(seconds));
        this.process = ManagedProcess.start("baresip-" + options.user, command, dir, dir.resolve("baresip.log"));
        try {
            connect();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        log.debug("baresip {} up: sip {}, ctrl {}, dir {}", options.user, sipPort, ctrlPort, dir);
    }

    private void writeConfig(Path tone, int rtpPorts) {
        String config = String.join("\n",
                "sip_listen      127.0.0.1:" + sipPort,
                "net_interface   127.0.0.1",
                "audio_source    aufile," + tone,
                "audio_player    aubridge,nullA",
                "audio_alert     aubridge,nullA",
                "rtp_ports       " + rtpPorts + "-" + (rtpPorts + 19),
                "module_path     /usr/lib/baresip/modules",
                "module          g711.so",
                "module          aufile.so",
                "module          aubridge.so",
                "module          sndfile.so",
                "module_tmp      account.so",
                "module_app      menu.so",
                "module_app      ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path        " + recordings,
                String.join("\n", options.extraConfig),
                "");
        String account;
        if (options.registrar != null) {
            account = "<sip:" + options.user + "@" + options.registrar + ">;auth_pass=" + options.password
                    + (options.authUser != null ? ";auth_user=" + options.authUser : "")
                    + ";regint=" + options.regint;
        } else {
            account = "<sip:" + options.user + "@127.0.0.1:" + sipPort + ">;regint=0";
        }
        account += ";answermode=" + options.answerMode + ";audio_codecs=" + options.codecs + options.extraAccountParams;
        try {
            Files.writeString(dir.resolve("config"), config);
            Files.writeString(dir.resolve("accounts"), account + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void connect() {
        ctrl = Await.value(Duration.ofSeconds(10), "baresip ctrl_tcp on 127.0.0.1:" + ctrlPort, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("baresip exited during start-up\n" + describe());
            }
            try {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", ctrlPort), 500);
                return Optional.of(socket);
            } catch (IOException e) {
                return Optional.empty();
            }
        }, this::describe);
        reader = new Thread(this::readLoop, "baresip-ctrl-" + options.user);
        reader.setDaemon(true);
        reader.start();
    }

    // ------------------------------------------------------------- identity

    public int sipPort() {
        return sipPort;
    }

    /** {@code 127.0.0.1:port} of baresip's SIP listener. */
    public String address() {
        return "127.0.0.1:" + sipPort;
    }

    /** {@code sip:user@127.0.0.1:port}: call this to reach baresip directly. */
    public String uri() {
        return "sip:" + options.user + "@" + address();
    }

    public Path directory() {
        return dir;
    }

    // ------------------------------------------------------------- control

    /** Sends a ctrl_tcp command and waits for its response (the JSON object, with {@code ok} and {@code data}). */
    public Map<String, Object> command(String command, String params) {
        String token = "t" + tokens.incrementAndGet();
        String json = "{\"command\":" + Json.quote(command)
                + (params != null ? ",\"params\":" + Json.quote(params) : "")
                + ",\"token\":" + Json.quote(token) + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (this) {
                OutputStream out = ctrl.getOutputStream();
                out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write(',');
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("baresip ctrl_tcp write failed\n" + describe(), e);
        }
        Map<String, Object> response = Await.value(Duration.ofSeconds(5), "baresip to answer " + json,
                () -> Optional.ofNullable(responses.remove(token)), this::describe, this);
        if (!Boolean.TRUE.equals(response.get("ok"))) {
            throw new AssertionError("baresip rejected " + json + ": " + response + "\n" + describe());
        }
        return response;
    }

    /** Dials {@code uri}. */
    public void dial(String uri) {
        command("dial", uri);
    }

    /** Answers the ringing call (answer mode manual). */
    public void answer() {
        command("accept", null);
    }

    /** Hangs up the current call. */
    public void hangup() {
        command("hangup", null);
    }

    /** Sends DTMF digits as RFC 4733 events ({@code sndcode}). */
    public void sendDtmf(String digits) {
        command("sndcode", digits);
    }

    // -------------------------------------------------------------- events

    public synchronized List<BaresipEvent> events() {
        return List.copyOf(events);
    }

    /** Waits for the next event of {@code type} not returned before, e.g. {@code CALL_ESTABLISHED}. */
    public BaresipEvent awaitEvent(String type, Duration timeout) {
        return awaitEvent(type, e -> e.type().equals(type), timeout);
    }

    /** Waits for the next event matching {@code filter} not returned before. */
    public BaresipEvent awaitEvent(String what, Predicate<BaresipEvent> filter, Duration timeout) {
        return Await.value(timeout, "baresip " + options.user + " event " + what, () -> {
            synchronized (this) {
                for (int i = 0; i < events.size(); i++) {
                    if (!claimedEvents.contains(i) && filter.test(events.get(i))) {
                        claimedEvents.add(i);
                        return Optional.of(events.get(i));
                    }
                }
                return Optional.empty();
            }
        }, this::describe, this);
    }

    /** baresip's own registration summary ({@code reginfo}), e.g. {@code 0 - sip:102@127.0.0.1  OK}. */
    public String registrationInfo() {
        Object data = command("reginfo", null).get("data");
        return data == null ? "" : String.valueOf(data).replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /**
     * Waits until the account is registered: a REGISTER_OK event, or {@code reginfo} saying OK (the
     * first registration often completes before ctrl_tcp is connected, so its event is never seen).
     * Fails early on REGISTER_FAIL.
     */
    public void awaitRegistered(Duration timeout) {
        Await.value(timeout, "baresip " + options.user + " to register", () -> {
            for (BaresipEvent e : events()) {
                if (e.type().equals("REGISTER_FAIL")) {
                    throw new AssertionError("baresip registration failed: " + e + "\n" + describe());
                }
                if (e.type().equals("REGISTER_OK")) {
                    return Optional.of(true);
                }
            }
            return registrationInfo().matches("(?s).*\\bOK\\b.*") ? Optional.of(true) : Optional.empty();
        }, this::describe);
    }

    private void readLoop() {
        try (InputStream in = new BufferedInputStream(ctrl.getInputStream())) {
            while (!closed) {
                String message = readNetstring(in);
                if (message == null) {
                    return;
                }
                handle(message);
            }
        } catch (IOException e) {
            if (!closed) {
                log.debug("baresip {} ctrl_tcp closed: {}", options.user, e.toString());
            }
        }
    }

    private static String readNetstring(InputStream in) throws IOException {
        int length = 0;
        int c;
        while ((c = in.read()) != ':') {
            if (c < 0) {
                return null;
            }
            if (c < '0' || c > '9') {
                throw new IOException("bad netstring length character " + c);
            }
            length = length * 10 + (c - '0');
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length || in.read() != ',') {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private void handle(String message) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(message);
        } catch (IllegalArgumentException e) {
            log.warn("baresip {}: unparseable ctrl_tcp message {}", options.user, message);
            return;
        }
        synchronized (this) {
            if (Boolean.TRUE.equals(json.get("response"))) {
                responses.put(String.valueOf(json.get("token")), json);
            } else if (Boolean.TRUE.equals(json.get("event"))) {
                BaresipEvent event = BaresipEvent.of(System.nanoTime(), json);
                events.add(event);
                log.debug("baresip {}: {}", options.user, event);
            }
            notifyAll();
        }
    }

    // ---------------------------------------------------------- recordings

    /** The recordings of received audio ({@code dump-*-dec.wav}), oldest first. */
    public List<Path> recordings() {
        try (Stream<Path> files = Files.list(recordings)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-dec.wav"))
                    .sorted(Comparator.comparing(Path::getFileName)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest recording of received audio; complete once its call is closed. */
    public Wav.Audio lastRecording() {
        List<Path> all = recordings();
        if (all.isEmpty()) {
            throw new AssertionError("baresip " + options.user + " recorded nothing in " + recordings + "\n" + describe());
        }
        return Wav.read(all.get(all.size() - 1));
    }

    // --------------------------------------------------------------- misc

    /** baresip's console output so far. */
    public String output() {
        try {
            Path file = dir.resolve("baresip.log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read baresip.log: " + e + ")";
        }
    }

    /** Ports, events and the tail of baresip's output: for failure messages. */
    public String describe() {
        String out = output().replaceAll("\\[\\d+:\\d+:\\d+\\] audio=[^\\n]*?(?=\\[|\\n|$)", "");
        if (out.length() > 6000) {
            out = "[...]\n" + out.substring(out.length() - 6000);
        }
        List<BaresipEvent> seen;
        synchronized (this) {
            seen = List.copyOf(events);
        }
        return "baresip " + options.user + " sip " + address() + " ctrl " + ctrlPort + " dir " + dir
                + " alive " + process.isAlive() + "\nevents: " + seen + "\noutput:\n" + out;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Quits baresip (ctrl_tcp {@code quit}, then kill) and removes its directory unless kept. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (ctrl != null && process.isAlive()) {
            try {
                String quit = "{\"command\":\"quit\",\"token\":\"quit\"}";
                synchronized (this) {
                    ctrl.getOutputStream().write((quit.length() + ":" + quit + ",").getBytes(StandardCharsets.US_ASCII));
                    ctrl.getOutputStream().flush();
                }
                process.awaitExit(Duration.ofSeconds(2));
            } catch (IOException e) {
                // kill below
            }
        }
        closed = true;
        process.close();
        if (ctrl != null) {
            try {
                ctrl.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (!options.keepFiles) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
