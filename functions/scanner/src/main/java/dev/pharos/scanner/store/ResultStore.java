package dev.pharos.scanner.store;

import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.SeverityCounts;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records a match in one transaction: the image, its packages (when freshly analysed), the reference it was scanned
 * as, its findings, and the scan. Writers of one image are serialised by a transaction-scoped advisory lock on its
 * digest, so two scans of the same digest at once (two tags pushed together) apply their upserts one after the
 * other instead of interleaving the package rows.
 */
@ApplicationScoped
public class ResultStore {
    private static final String LOCK_IMAGE = "SELECT pg_advisory_xact_lock(hashtextextended('pharos.image:' || $1, 0))";
    private static final String UPSERT_IMAGE = """
            INSERT INTO image (digest, os_id, os_version_id, os_name, os_osv_ecosystem, layers, unknowns,
                               analysis_version, matched_generation, engine, sbom, package_count, severities)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (digest) DO UPDATE
               SET os_id = excluded.os_id, os_version_id = excluded.os_version_id, os_name = excluded.os_name,
                   os_osv_ecosystem = excluded.os_osv_ecosystem, layers = excluded.layers,
                   unknowns = excluded.unknowns, analysis_version = excluded.analysis_version,
                   matched_generation = excluded.matched_generation, engine = excluded.engine,
                   sbom = excluded.sbom, package_count = excluded.package_count, severities = excluded.severities,
                   last_scanned_at = now()""";
    private static final String SET_SEVERITIES = "UPDATE image SET severities = $2 WHERE digest = $1";
    private static final String TOUCH_IMAGE = "UPDATE image SET last_scanned_at = now() WHERE digest = $1";
    private static final String DELETE_PACKAGES = "DELETE FROM image_package WHERE image_digest = $1";
    private static final String INSERT_PACKAGE = """
            INSERT INTO image_package (image_digest, ordinal, layer_digest, type, name, version, purl, path,
                                       source_name, source_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    private static final String UPSERT_REFERENCE = """
            INSERT INTO image_reference (registry, repository, tag, pushed_digest, image_digest)
            VALUES ($1, $2, coalesce($3, ''), $4, $5)
            ON CONFLICT (registry, repository, tag, pushed_digest) DO UPDATE
               SET image_digest = excluded.image_digest, last_seen = now()""";

    private final Db db;
    private final ScanStore scans;

    public ResultStore(Db db, ScanStore scans) {
        this.db = db;
        this.scans = scans;
    }

    /** A scan's match: everything recorded and the scan completed. */
    public ScanRow record(ScanRow scan, ImageReferenceRow reference, String pushedDigest, ScanResult result) {
        return db.inTransaction(tx -> {
            FindingStore.Applied applied = writeImage(tx, result);
            tx.rows(UPSERT_REFERENCE, Sql.args(reference.registry(), reference.repository(), reference.tag(),
                    pushedDigest, result.digest()));
            return scans.complete(tx, scan.id(), result.digest(), result.engine(), !result.analysed(),
                    result.inventory().packages().size(), applied.severities(), result.sbom());
        });
    }

    /** A scan that reused everything stored: only the reference and the scan are written. */
    public ScanRow reuse(ScanRow scan, ImageReferenceRow reference, String pushedDigest, ImageState image) {
        return db.inTransaction(tx -> {
            tx.rows(TOUCH_IMAGE, Sql.args(image.digest()));
            tx.rows(UPSERT_REFERENCE, Sql.args(reference.registry(), reference.repository(), reference.tag(),
                    pushedDigest, image.digest()));
            return scans.complete(tx, scan.id(), image.digest(), image.engine(), true, image.packageCount(),
                    image.severities(), image.sbom());
        });
    }

    /**
     * A rematch: findings and generation updated; when the open findings changed, a rematch scan (id stable per
     * image and generation) is returned to be announced.
     */
    public Optional<ScanRow> rematch(ScanResult result, ImageReferenceRow reference, long eventGeneration,
                                     String correlationId) {
        return db.inTransaction(tx -> {
            FindingStore.Applied applied = writeImage(tx, result);
            if (!applied.changed()) {
                return Optional.empty();
            }
            UUID id = UUID.nameUUIDFromBytes(("rematch:" + result.digest() + ":" + eventGeneration).getBytes());
            return Optional.of(scans.insertRematch(tx, id, ScanTrigger.REMATCH, reference, result.digest(),
                    correlationId, result.engine(), result.inventory().packages().size(), applied.severities(),
                    result.sbom()));
        });
    }

    private FindingStore.Applied writeImage(Db.Tx tx, ScanResult result) {
        tx.rows(LOCK_IMAGE, Sql.args(result.digest()));
        Inventory inventory = result.inventory();
        Optional<OsRelease> os = inventory.os();
        JsonArray unknowns = new JsonArray();
        inventory.unknowns().forEach(unknown -> unknowns.add(new JsonObject().put("path", unknown.path())
                .put("cataloger", unknown.cataloger()).put("reason", unknown.reason())));
        // Severities are written after the findings below; the row must exist first for their foreign key.
        tx.rows(UPSERT_IMAGE, Sql.args(result.digest(), os.map(OsRelease::id).orElse(null),
                os.map(OsRelease::versionId).orElse(null), os.map(OsRelease::prettyName).orElse(null),
                os.flatMap(OsRelease::osvEcosystem).orElse(null), inventory.layers().toArray(String[]::new),
                unknowns, result.analysisVersion(), result.generation(), result.engine(), result.sbom(),
                inventory.packages().size(), Json.of(SeverityCounts.ZERO)));
        if (result.analysed()) {
            tx.rows(DELETE_PACKAGES, Sql.args(result.digest()));
            tx.batch(INSERT_PACKAGE, packageRows(result.digest(), inventory.packages()));
        }
        FindingStore.Applied applied = FindingStore.apply(tx, result.digest(), result.findings());
        tx.rows(SET_SEVERITIES, Sql.args(result.digest(), Json.of(applied.severities())));
        return applied;
    }

    private static List<Tuple> packageRows(String digest, List<ImagePackage> packages) {
        List<Tuple> rows = new ArrayList<>(packages.size());
        for (int ordinal = 0; ordinal < packages.size(); ordinal++) {
            ImagePackage imagePackage = packages.get(ordinal);
            FoundPackage pkg = imagePackage.pkg();
            rows.add(Sql.args(digest, ordinal, imagePackage.layerDigest().orElse(null), pkg.type().name(),
                    pkg.name(), pkg.version(), pkg.purl(), pkg.path(),
                    pkg.source().map(source -> source.name()).orElse(null),
                    pkg.source().map(source -> source.version()).orElse(null)));
        }
        return rows;
    }
}
