package dev.pharos.scanner.store;

import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Arrays;

/** Statement arguments, where some may be SQL NULL (which {@code Tuple.of} accepts but {@code List.of} does not). */
final class Sql {
    private Sql() {
    }

    static Tuple args(Object... values) {
        return Tuple.from(Arrays.asList(values));
    }
}
