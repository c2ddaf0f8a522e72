package dev.pharos.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body read by hand rather than bound by Jackson, so that every mistake gets a problem naming the
 * field as a JSON Pointer (RFC 6901), and unknown fields (a misspelt {@code forse}) are refused instead of ignored.
 */
public final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses an object whose fields are all among {@code allowed}. */
    public static JsonBody parse(byte[] body, Set<String> allowed) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("request body is unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("request body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw malformed("unknown field /" + name + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return new JsonBody(root);
    }

    public Optional<String> text(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw malformed("/" + field + " must be a string, not " + node.getNodeType().name().toLowerCase());
        }
        return Optional.of(node.asText());
    }

    public boolean flag(String field, boolean otherwise) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            throw malformed("/" + field + " must be true or false, not " + node);
        }
        return node.asBoolean();
    }

    private static PharosException malformed(String why) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, why);
    }
}
