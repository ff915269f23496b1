package org.deskline.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.deskline.server.Deskline;
import org.deskline.core.directory.Language;
import org.deskline.server.DesklineConfig;
import org.deskline.server.MediaOptions;
import org.deskline.server.SipOptions;
import org.deskline.server.TelecommuterOptions;

/**
 * The whole server, built by its composition root in this JVM on free ports with a fresh embedded
 * database, a cheap password hash and a known admin password; what it prints is captured.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private final DesklineConfig config;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Deskline deskline;

    private TestServer(DesklineConfig config) {
        this.config = config;
    }

    public static TestServer start() throws Exception {
        return start(c -> c);
    }

    public static TestServer start(UnaryOperator<DesklineConfig> customise) throws Exception {
        return startOn(Files.createTempDirectory("deskline-test-"), customise);
    }

    /** Starts on an existing data directory, as a restarted server would. */
    public static TestServer startOn(Path dataDir, UnaryOperator<DesklineConfig> customise) throws Exception {
        DesklineConfig base = new DesklineConfig(freeTcpPort(), freeSipPort(), "127.0.0.1", null, dataDir, null, null,
                null, ADMIN_PASSWORD, null, false, "deskline.test", Set.of("112", "911"), Duration.ofHours(1), 5,
                Duration.ofMinutes(15), 1_000, SipOptions.defaults(),
                new MediaOptions(34_000, 34_999, Language.EN), TelecommuterOptions.defaults());
        TestServer s = new TestServer(customise.apply(base));
        s.deskline = Deskline.start(s.config, new PrintStream(s.console, true, StandardCharsets.UTF_8));
        return s;
    }

    public Deskline deskline() {
        return deskline;
    }

    public DesklineConfig config() {
        return config;
    }

    public ApiClient api() {
        return new ApiClient("http://127.0.0.1:" + deskline.httpPort());
    }

    /** An API client signed in as the administrator. */
    public ApiClient admin() throws Exception {
        ApiClient c = api();
        c.signIn("admin", ADMIN_PASSWORD);
        return c;
    }

    public String consoleOutput() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (deskline != null) {
            deskline.close();
        }
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A port free for both UDP and TCP, as SIP needs. */
    public static int freeSipPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = freeTcpPort();
            try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free SIP port");
    }
}
