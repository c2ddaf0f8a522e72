package dev.pharos.engine.catalog.npm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.engine.catalog.CatalogException;

import java.io.IOException;
import java.util.Optional;

/** Reading npm's JSON files: an object at the top, or the file is not what its name says. */
final class NpmJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NpmJson() {
    }

    static JsonNode object(String path, byte[] content) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new CatalogException("malformed JSON in " + path + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(path + " is not a JSON object");
        }
        return root;
    }

    /** A member that is a non-empty string. */
    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText().strip()) : Optional.empty();
    }
}
