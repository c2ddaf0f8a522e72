package dev.pharos.api.deadletter;

import dev.pharos.api.http.Cursor;
import dev.pharos.api.http.Database;
import dev.pharos.api.http.Rows;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The {@code dead_letter} table (V6): one row per event (source and id), redeliveries counted. */
@ApplicationScoped
public class DeadLetterStore {
    static final String ERROR_CODE = "knativeerrorcode";
    static final String ERROR_DESTINATION = "knativeerrordest";
    static final String ERROR_DATA = "knativeerrordata";

    private static final String STORE = """
            INSERT INTO dead_letter (source, id, type, subject, event_time, data_content_type, data, extensions,
                                     error_code, error_destination, error_data)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (source, id) DO UPDATE
               SET deliveries = dead_letter.deliveries + 1, last_received_at = now()
            RETURNING deliveries""";
    private static final String LIST = "SELECT " + DeadLetter.COLUMNS
            + " FROM dead_letter WHERE ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2";

    private final Pool pool;

    public DeadLetterStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores the event; returns how often it has arrived, 1 the first time. */
    public Uni<Integer> store(CloudEvent event) {
        JsonObject extensions = new JsonObject();
        event.getExtensionNames().forEach(name -> extensions.put(name, String.valueOf(event.getExtension(name))));
        Tuple values = Tuple.of(event.getSource().toString(), event.getId(), event.getType(), event.getSubject(),
                        event.getTime() == null ? null : event.getTime().withOffsetSameInstant(ZoneOffset.UTC),
                        event.getDataContentType())
                .addBuffer(event.getData() == null ? null : Buffer.buffer(event.getData().toBytes()))
                .addValue(extensions)
                .addInteger(errorCode(event.getExtension(ERROR_CODE)))
                .addString(text(event.getExtension(ERROR_DESTINATION)))
                .addString(errorData(event.getExtension(ERROR_DATA)));
        return pool.preparedQuery(STORE).execute(values)
                .map(rows -> rows.iterator().next().getInteger("deliveries"))
                .onFailure().transform(Database::unavailable);
    }

    public Uni<List<DeadLetter>> list(Optional<String> cursor, int limit) {
        Long after = cursor.map(value -> seq(value)).orElse(null);
        return pool.preparedQuery(LIST).execute(Tuple.of(after, limit)).map(rows -> Rows.map(rows, DeadLetter::of))
                .onFailure().transform(Database::unavailable);
    }

    static String cursorOf(DeadLetter letter) {
        return Cursor.encode(String.valueOf(letter.seq()));
    }

    private static long seq(String cursor) {
        try {
            return Long.parseLong(Cursor.decode(cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw Cursor.invalid(cursor);
        }
    }

    private static String text(Object extension) {
        return extension == null ? null : String.valueOf(extension);
    }

    private static Integer errorCode(Object extension) {
        try {
            return extension == null ? null : Integer.valueOf(String.valueOf(extension).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Knative base64-encodes the refusing response's body (up to 1024 bytes); kept as sent if it is not base64. */
    private static String errorData(Object extension) {
        if (extension == null) {
            return null;
        }
        String value = String.valueOf(extension);
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
