package org.deskline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The real executable jar, as a newcomer runs it: first start with --demo prints the admin password
 * and demo credentials once, health is up, SIP answers OPTIONS on UDP and TCP, SIGTERM stops it in
 * order, and a restart (configured by environment and config file this time) keeps everything.
 */
class DesklineJarIT {

    private static final class Running implements AutoCloseable {
        final Process process;
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        Running(List<String> args, Map<String, String> env) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("deskline.jar", "target/deskline.jar")));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            process = pb.start();
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        void awaitHealthy(int httpPort) throws Exception {
            ApiClient api = new ApiClient("http://127.0.0.1:" + httpPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("server exited:\n" + output());
                }
                try {
                    if (api.get("/api/v1/health").status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not healthy in 60 s:\n" + output());
        }

        int stop() throws InterruptedException {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops within 20 s of SIGTERM:\n" + output());
            reader.join(5_000);
            return process.exitValue();
        }

        String describeExit() {
            return "exit " + (process.isAlive() ? "alive" : process.exitValue());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void firstStartDemoHealthSipShutdownAndRestart() throws Exception {
        Path data = Files.createTempDirectory("deskline-jar-");
        int http = TestServer.freeTcpPort();
        int sip = TestServer.freeSipPort();
        String adminPassword;
        try (Running first = new Running(List.of("--demo", "--http-port", String.valueOf(http), "--sip-port",
                String.valueOf(sip), "--data-dir", data.toString(), "--password-hash-iterations", "1000"), Map.of())) {
            first.awaitHealthy(http);
            String out = first.output();
            Matcher m = Pattern.compile("password: (\\S+)").matcher(out);
            assertTrue(m.find(), out);
            adminPassword = m.group(1);
            for (String ext : List.of("101", "102", "103", "104")) {
                assertTrue(Pattern.compile("\\n\\s+" + ext + " .*PIN [0-9]{6}").matcher(out).find(), out);
            }
            for (int i = 1; i <= 4; i++) {
                assertTrue(out.contains("phone" + i), out);
            }

            assertTrue(optionsOverUdp(sip).startsWith("SIP/2.0 200"), "OPTIONS over UDP");
            assertTrue(optionsOverTcp(sip).startsWith("SIP/2.0 200"), "OPTIONS over TCP");

            ApiClient admin = new ApiClient("http://127.0.0.1:" + http);
            assertEquals(201, admin.signIn("admin", adminPassword).status());
            assertEquals(4, admin.get("/api/v1/users").json().size());
            assertEquals(4, admin.get("/api/v1/devices").json().size());

            first.stop();
            String log = first.output();
            int httpStopped = log.indexOf("HTTP stopped");
            int sipStopped = log.indexOf("SIP stopped");
            int dbClosed = log.indexOf("Database closed");
            assertTrue(httpStopped > 0 && sipStopped > httpStopped && dbClosed > sipStopped,
                    "ordered shutdown HTTP, SIP, database (" + first.describeExit() + "):\n" + log);
        }

        Path configFile = Files.writeString(data.resolve("deskline.properties"),
                "sip-port=" + sip + "\npassword-hash-iterations=1000\n");
        try (Running second = new Running(List.of("--config", configFile.toString(), "--demo", "--data-dir",
                data.toString()), Map.of("DESKLINE_HTTP_PORT", String.valueOf(http)))) {
            second.awaitHealthy(http);
            String out = second.output();
            assertFalse(out.contains("administrator account created"), "the admin password is printed once only");
            assertFalse(out.contains("demo directory"), "demo data is added once only");
            assertTrue(optionsOverUdp(sip).startsWith("SIP/2.0 200"), "sip-port from the config file");
            ApiClient admin = new ApiClient("http://127.0.0.1:" + http);
            assertEquals(201, admin.signIn("admin", adminPassword).status());
            assertEquals(4, admin.get("/api/v1/users").json().size());
            second.stop();
        }
    }

    private static String options(String transport, int localPort, int port) {
        return "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe1\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: " + System.nanoTime() + "@probe\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static String optionsOverUdp(int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            byte[] msg = options("UDP", s.getLocalPort(), port).getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket reply = new DatagramPacket(new byte[8192], 8192);
            s.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        }
    }

    static String optionsOverTcp(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(options("TCP", s.getLocalPort(), port).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[8192];
            int n = s.getInputStream().read(buf);
            return new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
    }
}
