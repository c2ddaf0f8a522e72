package dev.pharos.api.deadletter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.api.http.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * An event the broker gave up on, as stored.
 *
 * @param seq        arrival order: the listing's sort key, not shown
 *
 * @param data       the event data when it is JSON
 * @param dataBase64 the event data, base64, when it is not JSON
 * @param extensions every extension attribute, Knative's included
 * @param error      what the last delivery attempt got, from Knative's extensions
 * @param deliveries how often this event (same source and id) reached the dead-letter sink
 */
public record DeadLetter(@JsonIgnore long seq, String source, String id, String type, String subject, Instant time, String dataContentType,
                         JsonNode data, String dataBase64, Map<String, Object> extensions, Error error,
                         int deliveries, Instant receivedAt, Instant lastReceivedAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param code        {@code knativeerrorcode}: the HTTP status of the last attempt
     * @param destination {@code knativeerrordest}: the subscriber that refused it
     * @param data        {@code knativeerrordata}: the start of its response body, decoded
     */
    public record Error(Integer code, String destination, String data) {
    }

    static final String COLUMNS = """
            seq, source, id, type, subject, event_time, data_content_type, data, extensions, error_code,
            error_destination, error_data, deliveries, received_at, last_received_at""";

    static DeadLetter of(Row row) {
        var buffer = row.getBuffer("data");
        byte[] bytes = buffer == null ? null : buffer.getBytes();
        String contentType = row.getString("data_content_type");
        JsonNode json = contentType == null || contentType.contains("json") ? json(bytes) : null;
        Object extensions = row.getValue("extensions");
        return new DeadLetter(row.getLong("seq"), row.getString("source"), row.getString("id"), row.getString("type"),
                row.getString("subject"), Rows.instant(row, "event_time"), contentType,
                json, json != null || bytes == null ? null : Base64.getEncoder().encodeToString(bytes),
                extensions instanceof JsonObject object ? object.getMap() : Map.of(),
                new Error(row.getInteger("error_code"), row.getString("error_destination"),
                        row.getString("error_data")),
                row.getInteger("deliveries"), Rows.instant(row, "received_at"),
                Rows.instant(row, "last_received_at"));
    }

    private static JsonNode json(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }
}
