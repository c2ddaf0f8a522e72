package dev.pharos.intake.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.util.Optional;

/** Reading sender JSON with errors that name the field (as a JSON Pointer) and what was wrong with it. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(byte[] body, String what) {
        if (body.length == 0) {
            throw malformed(what + ": empty body");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw malformed(what + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(what + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw malformed(what + ": unreadable body (" + e.getMessage() + ")");
        }
    }

    public static JsonNode at(JsonNode node, String pointer) {
        JsonNode found = node.at(pointer);
        return found == null ? MissingNode.getInstance() : found;
    }

    public static String text(JsonNode node, String pointer) {
        return optionalText(node, pointer).orElseThrow(() -> malformed("missing or empty string at " + pointer));
    }

    public static Optional<String> optionalText(JsonNode node, String pointer) {
        JsonNode found = at(node, pointer);
        if (found.isMissingNode() || found.isNull()) {
            return Optional.empty();
        }
        if (!found.isTextual()) {
            throw malformed("expected a string at " + pointer + ", found " + found.getNodeType());
        }
        return Optional.of(found.asText()).filter(value -> !value.isBlank());
    }

    public static JsonNode array(JsonNode node, String pointer) {
        JsonNode found = at(node, pointer);
        if (!found.isArray()) {
            throw malformed("expected an array at " + pointer
                    + (found.isMissingNode() ? ", it is missing" : ", found " + found.getNodeType()));
        }
        return found;
    }

    public static PharosException malformed(String message) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, message);
    }
}
