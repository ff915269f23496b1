package org.deskline.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the REST API that keeps the session token it signed in with. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java's default: offers an h2c upgrade on every request, which the server must ignore gracefully. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String token;

    public ApiClient(String base) {
        this.base = base;
    }

    /** A response: status, content type, the body parsed as JSON (null when empty), and the headers. */
    public record Reply(int status, String contentType, String raw, JsonNode json, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String errorId() {
            return json == null ? null : json.path("errorId").asText(null);
        }

        public String firstField() {
            return json == null ? null : json.path("fields").path(0).path("name").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Reply signIn(String username, String password) throws IOException, InterruptedException {
        Reply r = post("/api/v1/sessions", JSON.createObjectNode().put("username", username).put("password", password)
                .toString());
        if (r.status() == 201) {
            token = r.json().get("token").asText();
        }
        return r;
    }

    public String token() {
        return token;
    }

    public ApiClient withToken(String t) {
        ApiClient c = new ApiClient(base);
        c.token = t;
        return c;
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    public Reply post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply patch(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        JsonNode json = null;
        if (body != null && !body.isBlank()) {
            try {
                json = JSON.readTree(body);
            } catch (IOException notJson) {
                json = null;
            }
        }
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), body, json, r.headers());
    }

    public static String json(Object... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return node.toString();
    }
}
