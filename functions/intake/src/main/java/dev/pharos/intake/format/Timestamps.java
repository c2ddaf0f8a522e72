package dev.pharos.intake.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The time formats senders use: RFC 3339 strings (nanosecond precision, any offset) and Unix epoch seconds. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Optional<Instant> rfc3339(JsonNode node, String pointer) {
        return Json.optionalText(node, pointer).map(value -> {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw Json.malformed("not an RFC 3339 timestamp at " + pointer + ": '" + value + "'");
            }
        });
    }

    public static Optional<Instant> epochSeconds(JsonNode node, String pointer) {
        JsonNode found = Json.at(node, pointer);
        if (found.isMissingNode() || found.isNull()) {
            return Optional.empty();
        }
        if (!found.isNumber()) {
            throw Json.malformed("expected epoch seconds at " + pointer + ", found " + found.getNodeType());
        }
        return Optional.of(Instant.ofEpochSecond(found.asLong()));
    }
}
