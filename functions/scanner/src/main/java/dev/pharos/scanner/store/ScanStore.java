package dev.pharos.scanner.store;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.SeverityCounts;
import dev.pharos.scanner.ScanJob;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code scan} rows: created or found per incoming event, run under a lease, and finished as completed or
 * failed. A finished row is never changed again, so a redelivered event finds it and only re-emits its outcome.
 */
@ApplicationScoped
public class ScanStore {
    static final String COLUMNS = """
            id, status, trigger, registry, repository, tag, digest, image_digest, force, correlation_id, engine,
            coalesce(reused, false) AS reused, coalesce(package_count, 0) AS package_count, severities, sbom,
            failure_reason, failure_message, attempts, finished_at""";
    // Any conflict (the id for requests, the dedupe key for pushes, whose id derives from it) means the row exists.
    private static final String OPEN = """
            INSERT INTO scan (id, dedupe_key, status, trigger, registry, repository, tag, digest, force, requested_by,
                              correlation_id)
            VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM scan WHERE id = $1";
    // queued, or running with nobody holding its lease (the delivery that started it died or lost the database).
    private static final String START = """
            UPDATE scan SET status = 'running', attempts = attempts + 1, started_at = now(),
                            correlation_id = coalesce(correlation_id, $2), force = force OR $3
             WHERE id = $1 AND status IN ('queued', 'running')
            RETURNING""" + " " + COLUMNS;
    private static final String RESOLVED = "UPDATE scan SET image_digest = $2 WHERE id = $1 AND status = 'running'";
    private static final String REQUEUE = """
            UPDATE scan SET status = 'queued', failure_message = $2 WHERE id = $1 AND status = 'running'""";
    private static final String FAIL = """
            UPDATE scan SET status = 'failed', failure_reason = $2, failure_message = $3, finished_at = now()
             WHERE id = $1 AND status IN ('queued', 'running')
            RETURNING""" + " " + COLUMNS;
    private static final String COMPLETE = """
            UPDATE scan SET status = 'completed', image_digest = $2, engine = $3, reused = $4, package_count = $5,
                            severities = $6, sbom = $7, failure_message = NULL, finished_at = now()
             WHERE id = $1
            RETURNING""" + " " + COLUMNS;
    private static final String INSERT_COMPLETED = """
            INSERT INTO scan (id, status, trigger, registry, repository, tag, digest, image_digest, correlation_id,
                              engine, reused, package_count, severities, sbom, attempts, started_at, finished_at)
            VALUES ($1, 'running', $2, $3, $4, $5, $6, $6, $7, $8, true, $9, $10, $11, 1, now(), now())
            ON CONFLICT (id) DO NOTHING""";
    // A rematch scan is recorded running and completed once its event is out, so an event the broker refused is
    // found and sent again by the next delivery.
    private static final String UNANNOUNCED = "SELECT " + COLUMNS
            + " FROM scan WHERE trigger = 'rematch' AND status = 'running' ORDER BY finished_at LIMIT $1";
    private static final String ANNOUNCED = "UPDATE scan SET status = 'completed' WHERE id = $1 AND status = 'running'";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('pharos.scan:' || $1, 0)) AS locked";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('pharos.scan:' || $1, 0))";

    private final Db db;

    public ScanStore(Db db) {
        this.db = db;
    }

    /** The job's scan row, inserted as queued unless it exists (a redelivery, or a request the API recorded). */
    public ScanRow open(ScanJob job) {
        db.rows(OPEN, Sql.args(job.scanId(), job.dedupeKey().orElse(null), job.trigger().id(), job.registry(),
                job.repository(), job.tag(), job.digest(), job.force(), job.requestedBy(), job.correlationId()));
        return find(job.scanId()).orElseThrow(() -> new PharosException(PharosException.Kind.INTERNAL,
                "scan " + job.scanId() + " neither inserted nor found"));
    }

    public Optional<ScanRow> find(UUID id) {
        return db.rows(FIND, Sql.args(id)).stream().findFirst().map(ScanStore::read);
    }

    /**
     * Exclusive right to run the scan, held in a database session: if this instance dies or loses the database,
     * the lock goes with the session and a redelivery can take the scan over at once. Two deliveries of one event
     * at the same time: the second is refused for retry, and its retry finds the finished row.
     */
    public Lease lease(UUID id) {
        SqlConnection connection = Db.call(() -> db.pool().getConnection().await().atMost(db.timeout()));
        boolean locked;
        try {
            locked = Db.call(() -> connection.preparedQuery(TRY_LOCK).execute(Sql.args(id.toString()))
                    .await().atMost(db.timeout()).iterator().next().getBoolean("locked"));
        } catch (RuntimeException e) {
            Db.close(connection);
            throw e;
        }
        if (!locked) {
            Db.close(connection);
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "scan " + id
                    + " is being run by another delivery; retry later");
        }
        return new Lease(connection, id.toString(), db.timeout());
    }

    /**
     * Unlocks, then returns the connection to the pool (a pooled session would otherwise keep the lock). When the
     * unlock fails the session is gone, and its lock with it.
     */
    public record Lease(SqlConnection connection, String key, Duration timeout) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.preparedQuery(UNLOCK).execute(Sql.args(key)).await().atMost(timeout);
            } catch (RuntimeException sessionGone) {
                // nothing left to unlock
            } finally {
                Db.close(connection);
            }
        }
    }

    /**
     * Marks the scan running (one more attempt), taking the event's correlation id and force flag where the row
     * (recorded by the API) has none; the row as it is when it had finished meanwhile.
     */
    public ScanRow start(ScanJob job) {
        UUID id = job.scanId();
        List<Row> rows = db.rows(START, Sql.args(id, job.correlationId(), job.force()));
        return rows.isEmpty() ? find(id).orElseThrow() : read(rows.getFirst());
    }

    /** The platform manifest the scan's reference resolved to, known before the (long) analysis. */
    public void resolved(UUID id, String imageDigest) {
        db.rows(RESOLVED, Sql.args(id, imageDigest));
    }

    /** After a transient failure: back to queued with the reason, for the redelivery. Best effort. */
    public void requeue(UUID id, String message) {
        try {
            db.rows(REQUEUE, Sql.args(id, message));
        } catch (PharosException unavailable) {
            // the database is what failed; the row stays running and its released lease lets a redelivery in
        }
    }

    public ScanRow fail(UUID id, PharosException failure) {
        List<Row> rows = db.rows(FAIL, Sql.args(id, failure.kind().slug(), failure.getMessage()));
        return rows.isEmpty() ? find(id).orElseThrow() : read(rows.getFirst());
    }

    ScanRow complete(Db.Tx tx, UUID id, String imageDigest, String engine, boolean reused, int packages,
                     SeverityCounts severities, String sbom) {
        return read(tx.rows(COMPLETE, Sql.args(id, imageDigest, engine, reused, packages, Json.of(severities), sbom))
                .getFirst());
    }

    /** Rematch scans whose image.scanned is not known to have reached the broker. */
    public List<ScanRow> unannouncedRematches(int limit) {
        return db.rows(UNANNOUNCED, Sql.args(limit)).stream().map(ScanStore::read).toList();
    }

    public void announced(UUID id) {
        db.rows(ANNOUNCED, Sql.args(id));
    }

    /**
     * A rematch's scan row, finished but not yet announced; its id is stable per (image, generation), so a
     * redelivery adds none.
     */
    ScanRow insertRematch(Db.Tx tx, UUID id, ScanTrigger trigger, ImageReferenceRow reference, String digest,
                            String correlationId, String engine, int packages, SeverityCounts severities,
                            String sbom) {
        tx.rows(INSERT_COMPLETED, Sql.args(id, trigger.id(), reference.registry(), reference.repository(),
                reference.tag(), digest, correlationId, engine, packages, Json.of(severities), sbom));
        return read(tx.rows(FIND, Sql.args(id)).getFirst());
    }

    static ScanRow read(Row row) {
        JsonObject severities = row.getJsonObject("severities");
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        return new ScanRow(row.getUUID("id"),
                ScanRow.Status.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                ScanTrigger.valueOf(row.getString("trigger").toUpperCase(Locale.ROOT)),
                row.getString("registry"), row.getString("repository"), row.getString("tag"),
                row.getString("digest"), row.getString("image_digest"), row.getBoolean("force"),
                row.getString("correlation_id"), row.getString("engine"), row.getBoolean("reused"),
                row.getInteger("package_count"),
                severities == null ? SeverityCounts.ZERO : Json.severities(severities), row.getString("sbom"),
                row.getString("failure_reason"), row.getString("failure_message"), row.getInteger("attempts"),
                Optional.ofNullable(finished).map(OffsetDateTime::toInstant));
    }
}
