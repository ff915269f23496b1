package org.deskline.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3 document of the whole API, merged from the frame ({@code openapi/base.yml}) and the
 * {@code api.yml} beside each capability's code. A route or schema named twice is an error at start.
 */
public final class OpenApiDocument {
    /** Every fragment, in the order its routes appear; a new capability adds its own here. */
    static final List<String> FRAGMENTS = List.of("openapi/base.yml", "health/api.yml", "auth/api.yml",
            "users/api.yml", "devices/api.yml", "presence/api.yml", "calls/api.yml", "directory/api.yml",
            "events/api.yml", "openapi/api.yml");
    private static final String ROOT = "/org/deskline/api/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private OpenApiDocument() {
    }

    public static ObjectNode load() {
        ObjectNode doc = null;
        for (String name : FRAGMENTS) {
            ObjectNode fragment = read(name);
            if (doc == null) {
                doc = fragment;
                continue;
            }
            mergeInto(doc, fragment, "paths", name);
            JsonNode components = fragment.path("components");
            for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> section = it.next();
                ObjectNode target = doc.withObjectProperty("components").withObjectProperty(section.getKey());
                mergeFields(target, (ObjectNode) section.getValue(), "components." + section.getKey(), name);
            }
        }
        return doc;
    }

    private static void mergeInto(ObjectNode doc, ObjectNode fragment, String key, String name) {
        if (fragment.has(key)) {
            mergeFields(doc.withObjectProperty(key), (ObjectNode) fragment.get(key), key, name);
        }
    }

    private static void mergeFields(ObjectNode target, ObjectNode source, String where, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (target.has(e.getKey())) {
                throw new IllegalStateException(name + " defines " + where + "." + e.getKey() + " again");
            }
            target.set(e.getKey(), e.getValue());
        }
    }

    private static ObjectNode read(String name) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI fragment " + name + " is missing");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI fragment " + name + " is not valid YAML", e);
        }
    }
}
