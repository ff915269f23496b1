package org.deskline.server;

import static org.deskline.server.testing.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deskline.server.testing.ApiClient;
import org.deskline.server.testing.ApiClient.Reply;
import org.deskline.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The administration API over HTTP against the running server: what a script or the portal sees. */
class AdminApiTest {
    private static TestServer server;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertProblem(Reply r, int status, String errorId) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(errorId, r.errorId(), r.toString());
        assertEquals(status, r.json().get("status").asInt());
    }

    @Test
    void healthIsUpWithoutSigningIn() throws Exception {
        Reply r = server.api().get("/api/v1/health");
        assertEquals(200, r.status());
        assertEquals("up", r.json().get("status").asText());
        assertEquals("up", r.json().get("components").get("sip").asText());
        assertEquals("up", r.json().get("components").get("database").asText());
    }

    @Test
    void usersAreCreatedReadUpdatedAndDeleted() throws Exception {
        Reply created = admin.post("/api/v1/users", json("extension", "201", "name", "Eva Smit",
                "outboundNumber", "+31205550201", "portalPassword", "long-enough-1",
                "hotdesk", Map.of("allowed", true), "telecommuter", Map.of("allowed", true, "number", "+31612340000"),
                "voicemail", Map.of("enabled", true), "callWaiting", true, "dialPermission", "international",
                "language", "nl"));
        assertEquals(201, created.status(), created.toString());
        long id = created.json().get("id").asLong();
        assertEquals("201", created.json().get("extension").asText());
        assertTrue(created.json().get("hotdesk").get("allowed").asBoolean());
        assertFalse(created.json().get("hotdesk").get("pinSet").asBoolean());
        assertEquals("international", created.json().get("dialPermission").asText());
        assertEquals("logged_out", created.json().get("mode").asText());
        assertFalse(created.raw().contains("long-enough-1"), "the password is write-only");

        Reply patched = admin.patch("/api/v1/users/" + id, json("name", "Eva de Smit", "language", null));
        assertEquals(200, patched.status(), patched.toString());
        assertEquals("Eva de Smit", patched.json().get("name").asText());
        assertTrue(patched.json().get("language").isNull());
        assertEquals("+31205550201", patched.json().get("outboundNumber").asText(), "absent fields unchanged");

        assertEquals(204, admin.delete("/api/v1/users/" + id).status());
        assertProblem(admin.get("/api/v1/users/" + id), 404, "user-not-found");
    }

    @Test
    void aDuplicateExtensionIsAConflict() throws Exception {
        assertEquals(201, admin.post("/api/v1/users", json("extension", "301", "name", "One")).status());
        assertProblem(admin.post("/api/v1/users", json("extension", "301", "name", "Two")), 409, "extension-taken");
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        Reply unknown = admin.post("/api/v1/users", json("extension", "401", "name", "X", "nickname", "x"));
        assertProblem(unknown, 400, "invalid-field");
        assertEquals("nickname", unknown.firstField());

        Reply wrongType = admin.post("/api/v1/users", "{\"extension\":\"402\",\"name\":\"X\",\"hotdesk\":{\"allowed\":\"yes\"}}");
        assertProblem(wrongType, 400, "invalid-field");
        assertEquals("hotdesk.allowed", wrongType.firstField());

        Reply numberForString = admin.post("/api/v1/users", "{\"extension\":403,\"name\":\"X\"}");
        assertProblem(numberForString, 400, "invalid-field");
        assertEquals("extension", numberForString.firstField());

        Reply badEnum = admin.post("/api/v1/users", json("extension", "404", "name", "X", "dialPermission", "galactic"));
        assertProblem(badEnum, 400, "invalid-field");
        assertEquals("dialPermission", badEnum.firstField());

        Reply missing = admin.post("/api/v1/users", json("name", "No extension"));
        assertProblem(missing, 400, "invalid-field");
        assertEquals("extension", missing.firstField());

        assertProblem(admin.post("/api/v1/users", "{\"extension\": \"405\","), 400, "malformed-json");
        assertProblem(admin.post("/api/v1/users", "[1,2]"), 400, "invalid-body");
        assertProblem(admin.post("/api/v1/users", null), 400, "missing-body");
        assertProblem(admin.get("/api/v1/users/not-a-number"), 404, "user-not-found");
        assertProblem(admin.get("/api/v1/nothing-here"), 404, "not-found");
    }

    @Test
    void pinsAreGeneratedOnceOrSetAndValidated() throws Exception {
        long id = admin.post("/api/v1/users", json("extension", "501", "name", "Pin User", "hotdesk",
                Map.of("allowed", true))).json().get("id").asLong();
        Reply generated = admin.post("/api/v1/users/" + id + "/hotdesk-pin", null);
        assertEquals(201, generated.status(), generated.toString());
        assertTrue(generated.json().get("pin").asText().matches("[0-9]{6}"));
        assertTrue(admin.get("/api/v1/users/" + id).json().get("hotdesk").get("pinSet").asBoolean());
        assertFalse(admin.get("/api/v1/users/" + id).raw().contains(generated.json().get("pin").asText()));

        assertEquals(201, admin.post("/api/v1/users/" + id + "/hotdesk-pin", json("pin", "8642")).status());
        Reply bad = admin.post("/api/v1/users/" + id + "/hotdesk-pin", json("pin", "12"));
        assertProblem(bad, 400, "invalid-field");
        assertEquals("pin", bad.firstField());
        assertEquals(204, admin.delete("/api/v1/users/" + id + "/hotdesk-lock").status());
    }

    @Test
    void devicesCarryTheirOwnerAndTheAdministratorLogsPhonesOut() throws Exception {
        long owner = admin.post("/api/v1/users", json("extension", "601", "name", "Owner")).json().get("id").asLong();
        Reply device = admin.post("/api/v1/devices", json("name", "Desk 601", "sipUsername", "desk601",
                "sipPassword", "sip-secret-601", "hotdeskEnabled", true, "assignedUserId", owner));
        assertEquals(201, device.status(), device.toString());
        long id = device.json().get("id").asLong();
        assertEquals(owner, device.json().get("loggedInUserId").asLong(), "starts with the owner logged in");
        assertFalse(device.json().get("registered").asBoolean());
        assertFalse(device.raw().contains("sip-secret-601"));
        assertEquals(id, admin.get("/api/v1/users/" + owner).json().get("baseDeviceId").asLong());

        assertEquals(204, admin.post("/api/v1/devices/" + id + "/logout", null).status());
        assertTrue(admin.get("/api/v1/devices/" + id).json().get("loggedInUserId").isNull());
        assertEquals("logged_out", admin.get("/api/v1/users/" + owner).json().get("mode").asText());

        assertProblem(admin.post("/api/v1/devices", json("name", "Dup", "sipUsername", "desk601",
                "sipPassword", "whatever-123")), 409, "sip-username-taken");
        Reply noPassword = admin.post("/api/v1/devices", json("name", "No pw", "sipUsername", "desk602"));
        assertProblem(noPassword, 400, "invalid-field");
        assertEquals("sipPassword", noPassword.firstField());
        Reply noUser = admin.post("/api/v1/devices", json("name", "Ghost", "sipUsername", "desk603",
                "sipPassword", "whatever-123", "assignedUserId", 999999));
        assertEquals("assignedUserId", noUser.firstField());
    }

    @Test
    void sessionsAreCheckedAndRolesEnforced() throws Exception {
        assertProblem(server.api().get("/api/v1/users"), 401, "unauthenticated");
        assertProblem(server.api().signIn("admin", "wrong"), 401, "invalid-credentials");
        assertProblem(server.api().signIn("nobody", "wrong"), 401, "invalid-credentials");
        assertProblem(server.api().withToken("forged").get("/api/v1/users"), 401, "invalid-token");

        admin.post("/api/v1/users", json("extension", "701", "name", "Plain User", "portalPassword", "user-pass-701"));
        ApiClient user = server.api();
        assertEquals(201, user.signIn("701", "user-pass-701").status());
        assertProblem(user.get("/api/v1/users"), 403, "admin-only");
        assertProblem(user.post("/api/v1/devices", json("name", "x")), 403, "admin-only");

        ApiClient other = server.admin();
        assertEquals(204, other.delete("/api/v1/sessions/current").status());
        assertProblem(other.get("/api/v1/users"), 401, "invalid-token");
    }
}
