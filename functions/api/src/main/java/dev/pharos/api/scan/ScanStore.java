package dev.pharos.api.scan;

import dev.pharos.api.http.Database;
import dev.pharos.api.http.Rows;
import dev.pharos.core.error.PharosException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/** The {@code scan} rows the API creates and reads (V4), and the Idempotency-Keys that name them (V6). */
@ApplicationScoped
public class ScanStore {
    private static final String INSERT_VALUES = """
            SELECT $1::uuid, 'queued', 'request', $2::text, $3::text, $4::text, $5::text, $6::boolean, $7::text, $8::text,
                   $9::timestamptz""";
    private static final String INSERT_COLUMNS = """
            INSERT INTO scan (id, status, trigger, registry, repository, tag, digest, force, requested_by,
                              correlation_id, requested_at)
            """;
    private static final String INSERT = INSERT_COLUMNS + INSERT_VALUES;
    /**
     * The key and its scan in one statement: the key's insert yields a row only when the key is new, and the scan is
     * inserted from that row, so two concurrent requests with one key create one scan (the loser waits on the key's
     * primary key, then inserts nothing). The foreign key is checked at the end of the statement, when both exist.
     */
    private static final String INSERT_WITH_KEY = """
            WITH claimed AS (
                INSERT INTO scan_request_key (requested_by, idempotency_key, scan_id, fingerprint)
                VALUES ($7, $10, $1, $11) ON CONFLICT DO NOTHING RETURNING scan_id)
            """ + INSERT_COLUMNS + INSERT_VALUES + " FROM claimed";
    private static final String KEYED = """
            SELECT scan_id, fingerprint FROM scan_request_key WHERE requested_by = $1 AND idempotency_key = $2""";
    private static final String FIND = "SELECT " + ScanView.COLUMNS + " FROM scan WHERE id = $1";
    /**
     * A scan whose request never reached the broker is failed rather than left queued forever, and its key is freed so
     * that the client's retry with the same key makes a new request.
     */
    private static final String NOT_QUEUED = """
            WITH failed AS (
                UPDATE scan SET status = 'failed', failure_reason = $2, failure_message = $3, finished_at = now()
                 WHERE id = $1 AND status = 'queued')
            DELETE FROM scan_request_key WHERE scan_id = $1""";

    private final Pool pool;

    public ScanStore(Pool pool) {
        this.pool = pool;
    }

    /** The scan a request created: {@code replayed} when an earlier request with the same key created it. */
    public record Created(UUID id, boolean replayed) {
    }

    public Uni<Created> insert(UUID id, ScanRequest request, String requestedBy, Instant requestedAt,
                               Optional<String> idempotencyKey) {
        ImageName image = request.image();
        Tuple values = Tuple.from(Arrays.asList(id, image.registry(), image.repository(),
                        image.tag().orElse(null), image.digest().orElse(null), request.force(), requestedBy,
                        id.toString()))
                .addOffsetDateTime(OffsetDateTime.ofInstant(requestedAt, ZoneOffset.UTC));
        if (idempotencyKey.isEmpty()) {
            return pool.preparedQuery(INSERT).execute(values).map(rows -> new Created(id, false))
                    .onFailure().transform(Database::unavailable);
        }
        String key = idempotencyKey.get();
        values.addString(key).addString(request.fingerprint());
        return pool.preparedQuery(INSERT_WITH_KEY).execute(values)
                .flatMap(rows -> rows.rowCount() == 1 ? Uni.createFrom().item(new Created(id, false))
                        : earlier(requestedBy, key, request))
                .onFailure().transform(Database::unavailable);
    }

    private Uni<Created> earlier(String requestedBy, String key, ScanRequest request) {
        return pool.preparedQuery(KEYED).execute(Tuple.of(requestedBy, key)).map(rows -> {
            Optional<Row> found = Rows.first(rows);
            if (found.isEmpty()) {
                // Freed meanwhile (its request failed to reach the broker): the client retries and gets a new scan.
                throw new PharosException(PharosException.Kind.UNAVAILABLE,
                        "the earlier request with Idempotency-Key '" + key + "' just failed; retry");
            }
            Row row = found.get();
            if (!row.getString("fingerprint").equals(request.fingerprint())) {
                throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "Idempotency-Key '" + key
                        + "' was already used for a different request; use a new key for " + request.image().canonical());
            }
            return new Created(row.getUUID("scan_id"), true);
        });
    }

    public Uni<Optional<ScanView>> find(UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> Rows.first(rows).map(ScanView::of))
                .onFailure().transform(Database::unavailable);
    }

    public Uni<Void> notQueued(UUID id, PharosException why) {
        return pool.preparedQuery(NOT_QUEUED).execute(Tuple.of(id, why.kind().slug(), why.getMessage()))
                .replaceWithVoid()
                .onFailure().transform(Database::unavailable);
    }
}
