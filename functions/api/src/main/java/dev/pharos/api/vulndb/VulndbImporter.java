package dev.pharos.api.vulndb;

import dev.pharos.api.ApiConfig;
import dev.pharos.api.http.Database;
import dev.pharos.api.http.JsonBody;
import dev.pharos.api.http.Rows;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.EventEmitter;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.core.event.VulndbUpdated;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Imports OSV advisories through the engine's {@link OsvImporter}, records the new advisory data generation and
 * announces it with {@code dev.pharos.vulndb.updated.v1}. Blocking (the importer and the store are), so callers run
 * it on a worker thread.
 *
 * <p>One import at a time across every instance (the importer's rule: two imports writing the same advisory could
 * leave stale package rows), through a PostgreSQL session advisory lock held on one connection for the import; a
 * second import meanwhile is refused with 503 and {@code Retry-After}. The lock dies with its session, so a crashed
 * instance never leaves it held.
 */
@ApplicationScoped
public class VulndbImporter {
    /** pg_try_advisory_lock key: "PHAROSVD" in ASCII, any constant unique among Pharos' advisory locks. */
    static final long LOCK = 0x504841524f535644L;
    private static final Set<String> JSON_FIELDS = Set.of("url", "path");
    private static final String UNANNOUNCED = """
            SELECT generation, source, inserted, updated, imported_at FROM vulndb_generation
             WHERE announced_at IS NULL ORDER BY generation""";
    private static final String ANNOUNCED = "UPDATE vulndb_generation SET announced_at = now() WHERE generation = $1";

    private final OsvImporter importer;
    private final AdvisoryStore store;
    private final Pool pool;
    private final EventEmitter emitter;
    private final ApiConfig config;
    private final ImportSources sources;
    private final MeterRegistry meters;

    public VulndbImporter(OsvImporter importer, AdvisoryStore store, Pool pool, EventEmitter emitter,
                          ApiConfig config, MeterRegistry meters) {
        this.importer = importer;
        this.store = store;
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.sources = new ImportSources(config.vulndb());
        this.meters = meters;
    }

    /** An uploaded {@code all.zip}: spooled to a temporary file (bounded), imported, deleted. */
    public ImportAnswer fromUpload(InputStream body) {
        Path spool = null;
        try {
            spool = Files.createTempFile("pharos-osv-upload", ".zip");
            String sha256 = spool(body, spool);
            Path zip = spool;
            return run("upload:sha256:" + sha256, () -> importer.importZip(zip));
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "cannot spool the upload: " + e.getMessage(),
                    e);
        } finally {
            if (spool != null) {
                spool.toFile().delete();
            }
        }
    }

    /** {@code {"url": ...}} or {@code {"path": ...}}, exactly one. */
    public ImportAnswer fromJson(byte[] body) {
        JsonBody json = JsonBody.parse(body, JSON_FIELDS);
        var url = json.text("url");
        var path = json.text("path");
        if (url.isPresent() == path.isPresent()) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "give exactly one of /url and /path (or upload an all.zip as application/zip)");
        }
        if (url.isPresent()) {
            URI uri = sources.url(url.get());
            String label = uri.getRawQuery() == null ? uri.toString()
                    : uri.toString().substring(0, uri.toString().indexOf('?'));
            return run(label, () -> importer.importZip(uri));
        }
        Path source = sources.path(path.get());
        return run("path:" + path.get(), () -> Files.isDirectory(source) ? importer.importDirectory(source)
                : importer.importZip(source));
    }

    private ImportAnswer run(String source, Supplier<ImportReport> work) {
        SqlConnection session = await(pool.getConnection());
        try {
            if (!await(session.query("SELECT pg_try_advisory_lock(" + LOCK + ") AS locked").execute())
                    .iterator().next().getBoolean("locked")) {
                throw new PharosException(PharosException.Kind.UNAVAILABLE,
                        "another advisory import is running; retry when it is done");
            }
            try {
                ImportReport report = work.get();
                long generation = store.recordGeneration(source, report);
                count(report);
                return ImportAnswer.of(source, report, generation, announcePending());
            } finally {
                // The connection goes back to the pool with its session, so the lock is released explicitly.
                quietly(session.query("SELECT pg_advisory_unlock(" + LOCK + ")").execute());
            }
        } finally {
            quietly(session.close());
        }
    }

    private void count(ImportReport report) {
        meters.counter("pharos.api.vulndb.imported", "result", "inserted").increment(report.inserted());
        meters.counter("pharos.api.vulndb.imported", "result", "updated").increment(report.updated());
        meters.counter("pharos.api.vulndb.imported", "result", "rejected").increment(report.rejected().size());
    }

    /**
     * Emits the event of every generation not yet announced, oldest first, each marked once the broker took it. The
     * event id derives from the generation, so an announcement repeated after a crash is deduplicated downstream.
     */
    private List<Long> announcePending() {
        List<Long> announced = new ArrayList<>();
        for (Row row : await(pool.preparedQuery(UNANNOUNCED).execute())) {
            long generation = row.getLong("generation");
            VulndbUpdated payload = new VulndbUpdated(generation, row.getString("source"), row.getInteger("inserted"),
                    row.getInteger("updated"), Rows.instant(row, "imported_at"));
            try {
                emitter.emit(PharosEvents.create(payload, config.eventSource(), "vulndb.updated/" + generation,
                        "vulndb-" + generation)).await().atMost(timeout());
            } catch (PharosException e) {
                throw new PharosException(PharosException.Kind.UNAVAILABLE, "the advisories are imported (generation "
                        + generation + ") but " + e.getMessage() + "; run any import again to announce it", e);
            }
            await(pool.preparedQuery(ANNOUNCED).execute(Tuple.of(generation)));
            announced.add(generation);
        }
        return announced;
    }

    /** Copies at most max-upload-bytes, hashing as it goes; returns the SHA-256. */
    private String spool(InputStream body, Path file) throws IOException {
        long max = config.vulndb().maxUploadBytes();
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "SHA-256 unavailable", e);
        }
        try (InputStream in = body; OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > max) {
                    throw new PharosException(PharosException.Kind.PAYLOAD_TOO_LARGE,
                            "upload exceeds pharos.api.vulndb.max-upload-bytes (" + max + " bytes)");
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "the upload is empty");
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private <T> T await(Uni<T> operation) {
        try {
            return operation.await().atMost(timeout());
        } catch (RuntimeException e) {
            throw (RuntimeException) Database.unavailable(e);
        }
    }

    /** Cleanup after the outcome is decided: a failure here (the database gone) must not replace it. */
    private void quietly(Uni<?> cleanup) {
        cleanup.onFailure().recoverWithNull().await().atMost(timeout());
    }

    private Duration timeout() {
        return config.vulndb().statementTimeout();
    }
}
