package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deskline.core.directory.DeviceId;
import org.deskline.core.directory.LoginMethod;
import org.deskline.core.directory.UserId;
import org.deskline.core.directory.UserMode;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.Test;

/** Users, devices, hot-desk bindings and modes survive a restart of the whole server. */
class RestartTest {

    @Test
    void stateSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("deskline-restart-");
        long alice;
        long bob;
        long hot;
        try (TestServer first = TestServer.startOn(data, c -> c)) {
            ApiClient admin = first.admin();
            alice = admin.post("/api/v1/users", json("extension", "101", "name", "Alice", "hotdesk",
                    java.util.Map.of("allowed", true))).json().get("id").asLong();
            bob = admin.post("/api/v1/users", json("extension", "102", "name", "Bob", "telecommuter",
                    java.util.Map.of("allowed", true, "number", "+31612345678"))).json().get("id").asLong();
            admin.post("/api/v1/devices", json("name", "Desk", "sipUsername", "desk1", "sipPassword", "password-1",
                    "assignedUserId", bob));
            hot = admin.post("/api/v1/devices", json("name", "Hot", "sipUsername", "hot1", "sipPassword", "password-2",
                    "hotdeskEnabled", true)).json().get("id").asLong();
            first.deskline().hotdesk().login(new DeviceId(hot), new UserId(alice), LoginMethod.FEATURE_CODE);
            first.deskline().modes().setMode(new UserId(bob), UserMode.TELECOMMUTER, null);
        }
        try (TestServer second = TestServer.startOn(data, c -> c)) {
            ApiClient admin = second.admin();
            assertEquals(2, admin.get("/api/v1/users").json().size());
            assertEquals(2, admin.get("/api/v1/devices").json().size());
            assertEquals(alice, admin.get("/api/v1/devices/" + hot).json().get("loggedInUserId").asLong());
            assertEquals("desk", admin.get("/api/v1/users/" + alice).json().get("mode").asText());
            assertEquals("telecommuter", admin.get("/api/v1/users/" + bob).json().get("mode").asText());
        }
    }
}
