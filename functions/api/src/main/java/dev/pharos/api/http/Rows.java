package dev.pharos.api.http;

import dev.pharos.core.event.SeverityCounts;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** Column readers shared by the queries: nullable timestamps, text arrays, severity counts. */
public final class Rows {
    private Rows() {
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** A timestamp inside a json_build_object: PostgreSQL writes it as ISO 8601 with an offset. */
    public static Instant instant(JsonObject json, String field) {
        String value = json.getString(field);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    public static List<String> texts(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    /** The {@code severities} jsonb of image and scan rows, shaped as image.scanned's payload. */
    public static SeverityCounts severities(Row row, String column) {
        Object value = row.getValue(column);
        if (!(value instanceof JsonObject json)) {
            return null;
        }
        return new SeverityCounts(json.getInteger("critical", 0), json.getInteger("high", 0),
                json.getInteger("medium", 0), json.getInteger("low", 0), json.getInteger("none", 0),
                json.getInteger("unknown", 0));
    }

    public static Optional<Row> first(RowSet<Row> rows) {
        RowIterator<Row> iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(iterator.next()) : Optional.empty();
    }

    public static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        return StreamSupport.stream(rows.spliterator(), false).map(mapper).toList();
    }
}
