package org.deskline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deskline.server.testing.ApiClient.Reply;
import org.deskline.server.testing.EventClient;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Portal sessions end when they expire: the REST API refuses the token and its live events close. */
class SessionLifetimeTest {

    /** The test server's configuration, with these command-line flags on top. */
    static DesklineConfig withFlags(DesklineConfig base, String... flags) {
        List<String> args = new ArrayList<>(List.of("--http-port", "" + base.httpPort(), "--sip-port",
                "" + base.sipPort(), "--bind", base.bind(), "--data-dir", base.dataDir().toString(), "--admin-password",
                base.adminPassword(), "--sip-realm", base.sipRealm(), "--password-hash-iterations",
                "" + base.passwordHashIterations()));
        args.addAll(List.of(flags));
        String[] a = args.toArray(String[]::new);
        CommandLine cl = Main.commandLine(a);
        cl.parseArgs(a);
        return ((Main) cl.getCommand()).config();
    }

    @Test
    void anExpiredSessionIsRefusedAndItsEventsClose() throws Exception {
        try (TestServer server = TestServer.start(c -> withFlags(c, "--session-ttl", "PT3S"))) {
            SignedIn u = new PortalUsers(server).create("3101", "Ida Expiring");
            assertEquals(200, u.api().get("/api/v1/users/me").status());
            long started = System.nanoTime();
            try (EventClient events = EventClient.connectWithToken(server.deskline().httpPort(), u.token())) {
                assertTrue(events.isOpen());
                assertEquals(4001, events.awaitClose(Duration.ofSeconds(8)).getCloseCode().getCode());
                long afterMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(afterMs >= 2_000 && afterMs < 5_000, "closed at expiry, after " + afterMs + " ms");
            }
            Reply expired = u.api().get("/api/v1/users/me");
            assertEquals(401, expired.status(), expired.toString());
            assertEquals("invalid-token", expired.errorId());
            assertEquals(4001, EventClient.connectWithToken(server.deskline().httpPort(), u.token())
                    .awaitClose(Duration.ofSeconds(5)).getCloseCode().getCode());
        }
    }
}
