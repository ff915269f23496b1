package org.deskline.testkit.proc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external tool (sipp, baresip) started so that it can never outlive the test JVM.
 *
 * <p>The tool runs under a small {@code sh} watchdog that holds the write end of a pipe from this
 * JVM on file descriptor 3: when the JVM dies for any reason (even {@code kill -9}) the pipe
 * closes, the watchdog reads EOF and kills the tool. {@link #close()} kills the whole process tree;
 * a shutdown hook closes whatever is still running at normal JVM exit. The tool's standard input
 * is {@code /dev/null}; its output goes to {@code logFile}.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Set<ManagedProcess> running = ConcurrentHashMap.newKeySet();
    private static final String WATCHDOG =
            "exec 3<&0\n"
            + "\"$@\" </dev/null &\n"
            + "child=$!\n"
            + "( cat <&3 >/dev/null; kill -TERM $child 2>/dev/null && sleep 1 && kill -KILL $child 2>/dev/null ) &\n"
            + "wait $child\n";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(ManagedProcess::close),
                "testkit-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}, stdout and stderr appended to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, name));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            Process process = builder.start();
            ManagedProcess managed = new ManagedProcess(name, process, logFile);
            running.add(managed);
            log.debug("{} started (pid {}): {}", name, process.pid(), String.join(" ", command));
            return managed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends {@code signal} (e.g. {@code USR1}) to the running tool processes named {@code binary}. */
    public void signal(String signal, String binary) {
        process.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/" + binary) || c.equals(binary)).orElse(false))
                .forEach(h -> {
                    try {
                        new ProcessBuilder("kill", "-" + signal, String.valueOf(h.pid())).start().waitFor(2, TimeUnit.SECONDS);
                    } catch (IOException e) {
                        log.warn("cannot send {} to {} (pid {})", signal, binary, h.pid(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    /** The exit code once the process ended within {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.remove(this);
                closeQuietly(process.getOutputStream());
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Kills the tool and its watchdog: SIGTERM, then SIGKILL after at most two seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    /** Kills the tool and its watchdog: SIGTERM, then SIGKILL for whatever still runs after {@code grace}. */
    public void close(Duration grace) {
        running.remove(this);
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        closeQuietly(process.getOutputStream());
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            awaitHandle(handle, deadline);
        }
        if (!awaitHandle(process.toHandle(), deadline)) {
            log.debug("{} (pid {}) still running {} ms after SIGTERM; killing", name, process.pid(), grace.toMillis());
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static boolean awaitHandle(ProcessHandle handle, long deadline) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            handle.onExit().get(left, TimeUnit.NANOSECONDS);
            return true;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the watchdog is gone already
        }
    }
}
