package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading registry responses: bounded bodies, error documents, {@code Retry-After}. */
final class RegistryResponses {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 << 10;

    private RegistryResponses() {
    }

    /** Reads a body, failing with LIMIT_EXCEEDED as soon as it is longer than {@code max} (not after). */
    static byte[] readBounded(HttpResponse<InputStream> response, long max, String what, String limitName)
            throws IOException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (declared > max) {
                throw tooLarge(what, limitName, max, declared + " bytes declared");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (out.size() + (long) n > max) {
                    throw tooLarge(what, limitName, max, "more than that sent");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static PharosException tooLarge(String what, String limitName, long max, String seen) {
        return new PharosException(PharosException.Kind.LIMIT_EXCEEDED, what + " exceeds " + limitName + " ("
                + max + " bytes): " + seen);
    }

    /**
     * The registry's error messages (distribution-spec "Error Codes": {@code {"errors":[{code, message, detail}]}}),
     * else the start of the body; consumes and closes the body.
     */
    static String errors(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return "(no readable body)";
        }
        try {
            List<String> messages = new ArrayList<>();
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                messages.add(error.path("code").asText("?") + ": " + error.path("message").asText(""));
            }
            if (!messages.isEmpty()) {
                return messages.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not the registry's JSON error format: fall through to the text
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : "(" + text.replaceAll("\\s+", " ") + ")";
    }

    /** RFC 9110 section 10.2.3: delay-seconds or an HTTP-date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
