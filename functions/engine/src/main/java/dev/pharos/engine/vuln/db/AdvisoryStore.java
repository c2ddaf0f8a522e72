package dev.pharos.engine.vuln.db;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.osv.Rfc3339;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OSV advisories in PostgreSQL (tables {@code advisory} and {@code advisory_package}, migrations V3, V7 and V8 in
 * core).
 *
 * <p>Import is an upsert by id that only ever moves forward: a record replaces the stored copy only when its
 * {@code modified} is strictly newer, so re-importing a feed, or importing an older snapshot after a newer one,
 * changes nothing. Each batch is one statement over unnest()ed arrays (the reactive client has no COPY).
 *
 * <p>Each advisory's {@code affected[]} entries are stored once, in its package rows: each (package, advisory) row
 * of {@code advisory_package} keeps the entries naming that package (V7), and {@code advisory.record} keeps the rest
 * of the record (V8). Both are written by one statement, so they never disagree. A withdrawn advisory keeps only its
 * record: it has no package rows and its entries are dropped, since nothing matches or shows them.
 *
 * <p>Lookup: {@link #read} gives the matcher, in one snapshot, the candidates for an image's packages (one indexed
 * query over the package rows) and then the records of the advisories that matched (a second query by id).
 * Withdrawn advisories (OSV {@code withdrawn} set) are stored, so that an older copy cannot be imported over them,
 * but are never returned: the matcher never sees them.
 */
public final class AdvisoryStore implements AdvisorySource {
    /** Records per statement: large enough to amortise the round trip, small enough for one parameter set. */
    static final int BATCH = 2_000;

    // All sub-statements see the same snapshot (PostgreSQL manual, "WITH Queries", data-modifying statements): the
    // DELETE removes only the replaced advisory's old package rows, and the final SELECT's EXISTS sees the table
    // as it was before this statement, which tells an insert from an update. The DELETE runs only when the batch
    // replaced an advisory (the uncorrelated EXISTS becomes a one-time filter): without it the planner, guessing
    // from missing or stale statistics of a table an import is filling, often scanned all of advisory_package for
    // every batch, which made a first import quadratic (docs/benchmarks.md, "Advisories"). Documents travel as
    // UTF-8 bytes (bytea): encoding them as text parameters cost the client more than the rest of the batch. Package rows
    // come only for live records: a withdrawn copy drops its advisory's rows and adds none.
    private static final String UPSERT = """
            WITH incoming AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) AS t(id, modified, withdrawn, record)
            ), upserted AS (
                INSERT INTO advisory AS a (id, modified, withdrawn, record)
                SELECT id, modified::timestamptz, withdrawn::timestamptz, convert_from(record, 'UTF8')::jsonb FROM incoming
                ON CONFLICT (id) DO UPDATE
                   SET modified = excluded.modified, withdrawn = excluded.withdrawn, record = excluded.record,
                       imported_at = now()
                 WHERE a.modified < excluded.modified
                RETURNING a.id
            ), dropped AS (
                DELETE FROM advisory_package p
                 WHERE p.advisory_id = ANY($1::text[]) AND p.advisory_id IN (SELECT id FROM upserted)
                   AND EXISTS (SELECT 1 FROM upserted u JOIN advisory old ON old.id = u.id)
            ), packages AS (
                INSERT INTO advisory_package (ecosystem, name, advisory_id, affected)
                SELECT k.ecosystem, k.name, k.advisory_id, k.affected
                  FROM unnest($5::text[], $6::text[], $7::text[], $8::bytea[]) AS k(ecosystem, name, advisory_id, affected)
                  JOIN upserted u ON u.id = k.advisory_id
            )
            SELECT u.id, EXISTS (SELECT 1 FROM advisory old WHERE old.id = u.id) AS existed FROM upserted u""";
    // position: which of the requested keys the row is for (1-based, as WITH ORDINALITY counts). No join with
    // advisory: withdrawn advisories have no package rows.
    private static final String CANDIDATES = """
            SELECT k.position, p.advisory_id, p.affected
              FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(ecosystem, name, position)
              JOIN advisory_package p ON p.ecosystem = k.ecosystem AND p.name = k.name""";
    // The records hold no affected[] entries (V8): they are small, and converting jsonb to text, most of
    // PostgreSQL's work here, stays cheap (docs/benchmarks.md, "Advisories").
    private static final String RECORDS = """
            SELECT convert_to(record::text, 'UTF8') AS record FROM advisory
             WHERE id = ANY($1::text[]) AND withdrawn IS NULL""";
    private static final String BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private static final String CURRENT_GENERATION = "SELECT coalesce(max(generation), 0) AS generation FROM vulndb_generation";
    private static final String RECORD_GENERATION = """
            INSERT INTO vulndb_generation (source, inserted, updated) VALUES ($1, $2, $3) RETURNING generation""";

    private final Pool pool;
    private final Duration timeout;

    public AdvisoryStore(Pool pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    /** Stores the records, batch by batch; a batch is all-or-nothing. */
    public ImportReport upsert(List<OsvRecord> records) {
        ImportReport report = ImportReport.EMPTY;
        for (int from = 0; from < records.size(); from += BATCH) {
            report = report.plus(upsertBatch(records.subList(from, Math.min(records.size(), from + BATCH))));
        }
        return report;
    }

    /**
     * Runs {@code work} in one read-only REPEATABLE READ transaction: all of the reader's queries see the advisory
     * data as of the first one, whatever imports commit meanwhile (PostgreSQL manual, "Transaction Isolation").
     * An exception from {@code work} rolls the transaction back and reaches the caller unchanged.
     */
    @Override
    public <T> T read(Function<AdvisoryReader, T> work) {
        SqlConnection connection = await(pool.getConnection());
        try {
            await(connection.query(BEGIN_SNAPSHOT).execute());
            T result = work.apply(new SnapshotReader(connection));
            await(connection.query("COMMIT").execute());
            return result;
        } catch (RuntimeException e) {
            try {
                await(connection.query("ROLLBACK").execute());
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.close().await().atMost(timeout);
        }
    }

    /** The two lookups of {@link #read}, on its connection. */
    private final class SnapshotReader implements AdvisoryReader {
        private final SqlConnection connection;

        SnapshotReader(SqlConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<AdvisoryCandidate> candidates(Collection<PackageKey> packages) {
            if (packages.isEmpty()) {
                return List.of();
            }
            List<PackageKey> keys = List.copyOf(packages);
            record Found(PackageKey key, String advisoryId, byte[] affected) {
            }
            List<Found> rows = new ArrayList<>();
            for (Row row : execute(connection, CANDIDATES, keyArrays(keys))) {
                rows.add(new Found(keys.get(row.getLong("position").intValue() - 1), row.getString("advisory_id"),
                        row.getBuffer("affected").getBytes()));
            }
            // Parsing is most of a lookup's own CPU (thousands of entries for a large image): spread over the cores.
            return rows.parallelStream().map(row -> new AdvisoryCandidate(row.key(), row.advisoryId(),
                    readBack(() -> OsvJson.parseAffected(row.affected(), row.advisoryId())))).toList();
        }

        @Override
        public List<OsvRecord> records(Collection<String> ids) {
            if (ids.isEmpty()) {
                return List.of();
            }
            List<byte[]> documents = new ArrayList<>();
            for (Row row : execute(connection, RECORDS, Tuple.of(ids.toArray(String[]::new)))) {
                documents.add(row.getBuffer("record").getBytes());
            }
            return documents.parallelStream().map(document -> readBack(() -> OsvJson.parse(document))).toList();
        }
    }

    private static Tuple keyArrays(List<PackageKey> keys) {
        String[] ecosystems = new String[keys.size()];
        String[] names = new String[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ecosystems[i] = keys.get(i).ecosystem();
            names[i] = keys.get(i).name();
        }
        return Tuple.of(ecosystems, names);
    }

    /**
     * The advisory data generation (table {@code vulndb_generation}, migration V4): 0 before any import changed
     * something. Findings matched at an older generation may be out of date.
     */
    public long currentGeneration() {
        return execute(CURRENT_GENERATION, Tuple.tuple()).iterator().next().getLong("generation");
    }

    /**
     * Records an import that inserted or updated advisories as a new generation and returns it; an import that
     * changed nothing leaves the generation as it was and returns it unchanged.
     *
     * @param source what was imported (a URL or file name, never credentials)
     */
    public long recordGeneration(String source, ImportReport report) {
        if (report.inserted() + report.updated() == 0) {
            return currentGeneration();
        }
        return execute(RECORD_GENERATION, Tuple.of(source, report.inserted(), report.updated()))
                .iterator().next().getLong("generation");
    }

    private static <T> T readBack(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (PharosException e) {
            throw new PharosException(PharosException.Kind.INTERNAL,
                    "a stored advisory does not read back: " + e.getMessage(), e);
        }
    }

    private ImportReport upsertBatch(List<OsvRecord> batch) {
        // One statement cannot touch a row twice (ON CONFLICT DO UPDATE): the newest copy of each id goes in, the
        // others count as unchanged. Sorted by id, so statements of concurrent callers lock rows in one order.
        Map<String, OsvRecord> newest = new TreeMap<>();
        for (OsvRecord record : batch) {
            newest.merge(record.id(), record, (a, b) -> b.modified().isAfter(a.modified()) ? b : a);
        }
        int size = newest.size();
        String[] ids = new String[size];
        String[] modified = new String[size];
        String[] withdrawn = new String[size];
        Buffer[] documents = new Buffer[size];
        List<String> ecosystems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Buffer> projections = new ArrayList<>();
        int i = 0;
        for (OsvRecord record : newest.values()) {
            ids[i] = record.id();
            modified[i] = Rfc3339.format(record.modified());
            withdrawn[i] = record.withdrawn().map(Rfc3339::format).orElse(null);
            documents[i] = Buffer.buffer(OsvJson.writeHead(record));
            if (record.withdrawn().isEmpty()) {
                for (AdvisoryCandidate candidate : AdvisoryCandidate.of(record)) {
                    ecosystems.add(candidate.key().ecosystem());
                    names.add(candidate.key().name());
                    owners.add(record.id());
                    projections.add(Buffer.buffer(OsvJson.writeAffected(candidate.entries())));
                }
            }
            i++;
        }
        int inserted = 0;
        int updated = 0;
        for (Row row : execute(UPSERT, Tuple.from(List.<Object>of(ids, modified, withdrawn, documents,
                ecosystems.toArray(String[]::new), names.toArray(String[]::new), owners.toArray(String[]::new),
                projections.toArray(Buffer[]::new))))) {
            if (row.getBoolean("existed")) {
                updated++;
            } else {
                inserted++;
            }
        }
        return new ImportReport(inserted, updated, batch.size() - inserted - updated, List.of());
    }

    private RowSet<Row> execute(String sql, Tuple arguments) {
        return execute(pool, sql, arguments);
    }

    private RowSet<Row> execute(SqlClient client, String sql, Tuple arguments) {
        return await(client.preparedQuery(sql).execute(arguments));
    }

    private <T> T await(Uni<T> operation) {
        try {
            return operation.await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE,
                    "advisory store unavailable: " + e.getMessage(), e);
        }
    }
}
