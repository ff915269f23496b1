package org.deskline.testkit.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deskline.testkit.net.Ports;
import org.deskline.testkit.proc.ManagedProcess;
import org.deskline.testkit.proc.Tools;

/**
 * Runs the {@code sipp} binary (Debian {@code sip-tester}) bound to 127.0.0.1 on free ports, with
 * {@code -m} and {@code -timeout} bounds, statistics ({@code -trace_stat}), errors
 * ({@code -trace_err}) and by default every message ({@code -trace_msg}) in a fresh work directory.
 *
 * <pre>{@code
 * Sipp uas = Sipp.uas().calls(5).start();
 * SippResult uac = Sipp.uac("127.0.0.1:" + uas.port()).calls(5).rate(50).run();
 * uac.assertSuccessful(5);
 * uas.awaitResult(Duration.ofSeconds(5)).assertSuccessful(5);
 * }</pre>
 *
 * <p>Fluent configuration, then {@link #start()} (or {@link #run()} = start and wait). The process
 * runs under {@link ManagedProcess}: killed on {@link #close()} and never outlives the JVM.
 * Not thread-safe; use from one test thread.
 */
public final class Sipp implements AutoCloseable {
    public static final String BINARY = "sipp";

    private final List<String> scenarioArgs;
    private final String label;
    private String remote;
    private int port;
    private int calls = 1;
    private Double rate;
    private Integer ratePeriodMillis;
    private Integer limit;
    private Duration timeout = Duration.ofSeconds(30);
    private String transport = "u1";
    private String service;
    private boolean traceMessages = true;
    private Duration statsInterval = Duration.ofMillis(200);
    private final List<String> extra = new ArrayList<>();
    private Path workDir;
    private boolean ownWorkDir;
    private boolean keepFiles;

    private ManagedProcess process;
    private List<String> command;
    private SippResult result;

    private Sipp(String label, List<String> scenarioArgs) {
        this.label = label;
        this.scenarioArgs = scenarioArgs;
    }

    /** Whether the {@code sipp} binary is on the PATH. */
    public static boolean available() {
        return Tools.onPath(BINARY).isPresent();
    }

    /**
     * Skips the test (JUnit assumption) when sipp is missing, except on CI (environment variable
     * {@code CI} set), where a missing sipp fails the test: CI installs it.
     */
    public static void assumeAvailable() {
        Tools.assumeInstalled(BINARY, "sip-tester");
    }

    /** The built-in UAS scenario ({@code -sn uas}): answers INVITEs 180/200, waits for BYE. */
    public static Sipp uas() {
        return new Sipp("uas", List.of("-sn", "uas"));
    }

    /** The built-in UAC scenario ({@code -sn uac}) towards {@code remote} ({@code host:port}). */
    public static Sipp uac(String remote) {
        return new Sipp("uac", List.of("-sn", "uac")).remote(remote);
    }

    /** A scenario file ({@code -sf}). */
    public static Sipp scenario(Path xml) {
        String file = xml.getFileName().toString().replaceFirst("\\.xml$", "");
        return new Sipp(file, List.of("-sf", xml.toAbsolutePath().toString()));
    }

    /** The target {@code host:port} (positional argument; needed by UAC scenarios). */
    public Sipp remote(String hostPort) {
        this.remote = hostPort;
        return this;
    }

    /** The local SIP port ({@code -p}); default a free one. */
    public Sipp port(int port) {
        this.port = port;
        return this;
    }

    /** Stop after {@code n} calls ({@code -m}). Default 1. */
    public Sipp calls(int n) {
        this.calls = n;
        return this;
    }

    /** Calls per second ({@code -r}). */
    public Sipp rate(double callsPerSecond) {
        this.rate = callsPerSecond;
        return this;
    }

    /** Rate period in ms ({@code -rp}). */
    public Sipp ratePeriod(int millis) {
        this.ratePeriodMillis = millis;
        return this;
    }

    /** Maximum simultaneous calls ({@code -l}). */
    public Sipp limit(int simultaneousCalls) {
        this.limit = simultaneousCalls;
        return this;
    }

    /** Global bound ({@code -timeout}, counted as an error through {@code -timeout_error}). Default 30 s. */
    public Sipp timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** {@code u1} (UDP, default), {@code un}, {@code t1} (TCP), {@code tn} ({@code -t}). */
    public Sipp transport(String mode) {
        this.transport = mode;
        return this;
    }

    /** The Request-URI user part ({@code -s}). */
    public Sipp service(String user) {
        this.service = user;
        return this;
    }

    /** A scenario variable ({@code -set name value}). */
    public Sipp set(String name, String value) {
        extra.add("-set");
        extra.add(name);
        extra.add(value);
        return this;
    }

    /** An injection file ({@code -inf}). */
    public Sipp inf(Path csv) {
        extra.add("-inf");
        extra.add(csv.toAbsolutePath().toString());
        return this;
    }

    /** Any other arguments, appended as given. */
    public Sipp args(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    /** Log every message ({@code -trace_msg}, default on); turn off for load runs. */
    public Sipp traceMessages(boolean on) {
        this.traceMessages = on;
        return this;
    }

    /** How often the stat file is rewritten ({@code -fd}); default 200 ms, so {@link #snapshot()} is fresh. */
    public Sipp statsInterval(Duration interval) {
        this.statsInterval = interval;
        return this;
    }

    /** Keep the temporary work directory even when the run passed (a failed run always keeps it). */
    public Sipp keepFiles(boolean keep) {
        this.keepFiles = keep;
        return this;
    }

    /** Where sipp runs and writes its files; default a new temporary directory. */
    public Sipp workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Starts sipp; returns once the process runs (its port is bound shortly after). */
    public Sipp start() {
        if (process != null) {
            throw new IllegalStateException("sipp " + label + " already started");
        }
        assumeAvailable();
        try {
            if (workDir == null) {
                workDir = Files.createTempDirectory("sipp-" + label + "-");
                ownWorkDir = true;
            } else {
                Files.createDirectories(workDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (port == 0) {
            port = Ports.freePort();
        }
        int mediaPort = Ports.freeRange(4);
        int controlPort = Ports.freePort();
        command = new ArrayList<>(List.of(BINARY));
        command.addAll(scenarioArgs);
        if (remote != null) {
            command.add(remote);
        }
        command.addAll(List.of("-i", "127.0.0.1", "-p", String.valueOf(port), "-t", transport,
                "-mp", String.valueOf(mediaPort), "-cp", String.valueOf(controlPort),
                "-m", String.valueOf(calls),
                "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-trace_stat", "-stf", stats().toString(), "-fd", statsInterval.toMillis() + "ms",
                "-trace_err", "-error_file", errors().toString(),
                "-nostdin"));
        if (traceMessages) {
            command.addAll(List.of("-trace_msg", "-message_file", messages().toString()));
        }
        if (rate != null) {
            command.addAll(List.of("-r", String.valueOf(rate)));
        }
        if (ratePeriodMillis != null) {
            command.addAll(List.of("-rp", ratePeriodMillis + "ms"));
        }
        if (limit != null) {
            command.addAll(List.of("-l", String.valueOf(limit)));
        }
        if (service != null) {
            command.addAll(List.of("-s", service));
        }
        command.addAll(extra);
        process = ManagedProcess.start("sipp-" + label, command, workDir, workDir.resolve("sipp.out"));
        return this;
    }

    /** Starts sipp, waits for it to finish (bounded by its timeout plus 10 s), then {@link #close()}s it. */
    public SippResult run() {
        start();
        try {
            return awaitResult(timeout.plusSeconds(10));
        } finally {
            close();
        }
    }

    /** The local SIP port (known once configured or started). */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, for pointing a peer at this sipp. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path workDir() {
        return workDir;
    }

    /** Waits for sipp to exit and parses its results; fails with sipp's output if it does not exit in time. */
    public SippResult awaitResult(Duration wait) {
        if (result != null) {
            return result;
        }
        if (process == null) {
            throw new IllegalStateException("sipp " + label + " not started");
        }
        Optional<Integer> exit = process.awaitExit(wait);
        if (exit.isEmpty()) {
            process.close();
            throw new AssertionError("sipp " + label + " still running after " + wait.toMillis() + " ms\n"
                    + SippResult.read(-1, command, workDir, stats(), errors(), messages()).describe());
        }
        result = SippResult.read(exit.get(), command, workDir, stats(), errors(), messages());
        return result;
    }

    /**
     * The statistics so far while sipp runs (exit code -1): the stat file is rewritten every
     * {@link #statsInterval(Duration)}, so counters lag by up to that.
     */
    public SippResult snapshot() {
        if (process == null) {
            throw new IllegalStateException("sipp " + label + " not started");
        }
        return result != null ? result : SippResult.read(-1, command, workDir, stats(), errors(), messages());
    }

    /** Waits until the running sipp's {@code counter} (e.g. {@code IncomingCall(C)}) reaches {@code value}. */
    public SippResult awaitCounter(String counter, long value, Duration timeout) {
        return org.deskline.testkit.Await.value(timeout, "sipp " + label + " " + counter + " >= " + value, () -> {
            SippResult now = snapshot();
            return now.counter(counter).orElse(0) >= value ? Optional.of(now) : Optional.empty();
        }, () -> snapshot().describe());
    }

    /** Asks sipp to finish its calls and exit (SIGUSR1), as pressing 'q' would. */
    public void softStop() {
        if (process != null && process.isAlive()) {
            process.signal("USR1", BINARY);
        }
    }

    private Path stats() {
        return workDir.resolve("stat.csv");
    }

    private Path errors() {
        return workDir.resolve("errors.log");
    }

    private Path messages() {
        return workDir.resolve("messages.log");
    }

    /**
     * Kills sipp if it still runs (it takes over a second to honour SIGTERM, so it gets 200 ms) and
     * removes its temporary work directory, unless the run failed (kept for inspection) or
     * {@link #keepFiles(boolean)} says so.
     */
    @Override
    public void close() {
        if (process != null) {
            process.close(Duration.ofMillis(200));
        }
        if (ownWorkDir && !keepFiles && (result == null || result.passed())) {
            try (java.util.stream.Stream<Path> walk = Files.walk(workDir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
