package org.deskline.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.deskline.testkit.Await;

/**
 * The packaged server jar ({@code deskline.jar}, path from the {@code deskline.jar} system property
 * failsafe sets) running as its own process on free ports with a fresh data directory; its output is
 * collected. {@link #close()} stops it with SIGTERM (then kills it).
 */
public final class RunningJar implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "jar-admin-secret-1";

    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final int httpPort;
    private final int sipPort;

    private RunningJar(List<String> extraArgs) throws IOException {
        httpPort = TestServer.freeTcpPort();
        sipPort = TestServer.freeSipPort();
        Path data = Files.createTempDirectory("deskline-jar-");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", System.getProperty("deskline.jar", "target/deskline.jar"),
                "--http-port", String.valueOf(httpPort), "--sip-port", String.valueOf(sipPort),
                "--data-dir", data.toString(), "--admin-password", ADMIN_PASSWORD,
                "--password-hash-iterations", "1000"));
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "deskline-jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar with {@code args} added and waits (up to 60 s) until its health is up. */
    public static RunningJar start(String... args) throws Exception {
        RunningJar jar = new RunningJar(List.of(args));
        try {
            jar.awaitHealthy();
            return jar;
        } catch (Exception | Error e) {
            jar.close();
            throw e;
        }
    }

    private void awaitHealthy() {
        ApiClient api = api();
        Await.until(Duration.ofSeconds(60), "the server's health to be up", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited:\n" + output());
            }
            try {
                return api.get("/api/v1/health").status() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, this::output);
    }

    public int httpPort() {
        return httpPort;
    }

    public int sipPort() {
        return sipPort;
    }

    /** {@code 127.0.0.1:<sip port>}. */
    public String sipAddress() {
        return "127.0.0.1:" + sipPort;
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + httpPort);
    }

    public ApiClient admin() throws Exception {
        ApiClient c = api();
        c.signIn("admin", ADMIN_PASSWORD);
        return c;
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
