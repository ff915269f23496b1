package org.deskline.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Creates directory users through the administration API and signs them in to the portal. */
public final class PortalUsers {
    private final TestServer server;
    private final ApiClient admin;

    public PortalUsers(TestServer server) throws Exception {
        this.server = server;
        this.admin = server.admin();
    }

    /** A signed-in user of the portal and their id. */
    public record SignedIn(long id, String extension, ApiClient api) {
        public String token() {
            return api.token();
        }
    }

    /** Creates a user with a portal password (and these extra fields), then signs them in. */
    public SignedIn create(String extension, String name, Object... extraFields) throws Exception {
        List<Object> fields = new ArrayList<>(List.of("extension", extension, "name", name, "portalPassword",
                "pw-" + extension + "-secret"));
        fields.addAll(List.of(extraFields));
        ApiClient.Reply created = admin.post("/api/v1/users", ApiClient.json(fields.toArray()));
        assertEquals(201, created.status(), created.toString());
        return signIn(created.json().get("id").asLong(), extension);
    }

    /** Another session of the same user, as a second client (a browser tab, a phone). */
    public SignedIn signIn(long id, String extension) throws Exception {
        ApiClient api = server.api();
        ApiClient.Reply r = api.signIn(extension, "pw-" + extension + "-secret");
        assertEquals(201, r.status(), r.toString());
        return new SignedIn(id, extension, api);
    }

    public ApiClient admin() {
        return admin;
    }
}
