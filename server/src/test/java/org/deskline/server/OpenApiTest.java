package org.deskline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deskline.api.PortalApplication;
import org.deskline.server.testing.ApiClient.Reply;
import org.deskline.server.testing.TestServer;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json} stays true: it names exactly the routes
 * Jersey serves (both ways), plus the WebSocket, and every reference in it resolves.
 */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** Documented, but served by the WebSocket container rather than Jersey. */
    private static final Set<String> NOT_JERSEY = Set.of("GET /events");
    private static TestServer server;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        Reply r = server.api().get("/api/v1/openapi.json");
        assertEquals(200, r.status(), "served without signing in: " + r);
        assertTrue(r.contentType().startsWith("application/json"));
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theDocumentNamesExactlyTheRoutesServed() {
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase() + " " + p.getKey());
                }
            });
        }
        Set<String> served = jerseyRoutes();
        assertTrue(documented.containsAll(NOT_JERSEY));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        notServed.removeAll(NOT_JERSEY);
        assertEquals(Set.of(), undocumented, "served but not in the OpenAPI document");
        assertEquals(Set.of(), notServed, "in the OpenAPI document but not served");
        assertTrue(served.size() > 25, "sanity: " + served);
    }

    /** The routes of the runtime resource model, as Jersey built it from the portal's resources. */
    private static Set<String> jerseyRoutes() {
        ApplicationHandler app = new ApplicationHandler(PortalApplication.create(server.deskline().portalServices()));
        Set<String> routes = new TreeSet<>();
        for (Resource r : app.getInjectionManager().getInstance(ExtendedResourceContext.class).getResourceModel()
                .getRootResources()) {
            collect(r, "", routes);
        }
        return routes;
    }

    private static void collect(Resource r, String prefix, Set<String> routes) {
        String path = (prefix + "/" + r.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        for (ResourceMethod m : r.getResourceMethods()) {
            String method = m.getHttpMethod();
            if (!method.equals("OPTIONS") && !method.equals("HEAD")) {
                routes.add(method + " " + path);
            }
        }
        for (Resource child : r.getChildResources()) {
            collect(child, path, routes);
        }
    }

    @Test
    void everyReferenceResolvesAndEveryOperationAnswers() {
        List<String> refs = new ArrayList<>();
        refs(doc, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(doc.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
        Pattern param = Pattern.compile("\\{([^}]+)}");
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String where = op.getKey() + " " + p.getKey();
            assertTrue(op.getValue().path("responses").size() > 0, where + " has responses");
            assertTrue(op.getValue().hasNonNull("summary"), where + " has a summary");
            Matcher m = param.matcher(p.getKey());
            while (m.find()) {
                String name = m.group(1);
                assertTrue(declares(p.getValue().path("parameters"), name)
                        || declares(op.getValue().path("parameters"), name), where + " declares {" + name + "}");
            }
        }));
    }

    private static boolean declares(JsonNode parameters, String name) {
        for (JsonNode p : parameters) {
            JsonNode resolved = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
            if (name.equals(resolved.path("name").asText()) && "path".equals(resolved.path("in").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void refs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    refs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> refs(n, out));
        }
    }
}
