package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.deskline.server.testing.EventClient;
import org.deskline.server.testing.PortalUsers;
import org.deskline.server.testing.PortalUsers.SignedIn;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A portal that receives no event for a while keeps its connection: Grizzly's HTTP keep-alive timeout
 * (30 s) must not close a WebSocket. Takes half a minute.
 */
class QuietConnectionTest {

    @Test
    void aQuietConnectionOutlivesTheHttpKeepAliveTimeout() throws Exception {
        try (TestServer server = TestServer.start()) {
            SignedIn u = new PortalUsers(server).create("3201", "Quinn Quiet");
            try (EventClient events = EventClient.connectWithToken(server.deskline().httpPort(), u.token())) {
                Thread.sleep(Duration.ofSeconds(33).toMillis());
                assertTrue(events.isOpen(), "still open after 33 s without events");
                u.api().put("/api/v1/users/me/presence", json("state", "away"));
                assertEquals("away", events.next("presence_changed", Duration.ofSeconds(5)).get("data").get("state")
                        .asText());
            }
        }
    }
}
