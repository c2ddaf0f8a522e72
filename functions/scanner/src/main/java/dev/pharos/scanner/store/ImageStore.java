package dev.pharos.scanner.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.Unknown;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads of {@code image} and {@code image_package}: whether an image's stored analysis is current, and its stored
 * inventory, rebuilt so that a vulnerability-data update re-matches without pulling the image again.
 */
@ApplicationScoped
public class ImageStore {
    private static final String STATE = """
            SELECT digest, analysis_version, matched_generation, engine, package_count, severities, sbom
              FROM image WHERE digest = $1""";
    private static final String IMAGE = """
            SELECT os_id, os_version_id, os_name, os_osv_ecosystem, layers, unknowns::text AS unknowns
              FROM image WHERE digest = $1""";
    private static final String PACKAGES = """
            SELECT layer_digest, type, name, version, purl, path, source_name, source_version
              FROM image_package WHERE image_digest = $1 ORDER BY ordinal""";
    private static final String STALE = """
            SELECT digest FROM image WHERE matched_generation < $1 ORDER BY digest LIMIT $2""";
    private static final String LATEST_REFERENCE = """
            SELECT registry, repository, tag FROM image_reference WHERE image_digest = $1
             ORDER BY last_seen DESC, registry, repository, tag LIMIT 1""";
    private static final TypeReference<List<Unknown>> UNKNOWNS = new TypeReference<>() {
    };

    private final Db db;

    public ImageStore(Db db) {
        this.db = db;
    }

    public Optional<ImageState> state(String digest) {
        return db.rows(STATE, Sql.args(digest)).stream().findFirst().map(row -> new ImageState(
                row.getString("digest"), row.getString("analysis_version"), row.getLong("matched_generation"),
                row.getString("engine"), row.getInteger("package_count"),
                Json.severities(row.getJsonObject("severities")), row.getString("sbom")));
    }

    /** The stored inventory of an analysed image, packages in their original order with their layers. */
    public Inventory inventory(String digest) {
        Row image = db.rows(IMAGE, Sql.args(digest)).stream().findFirst().orElseThrow(() ->
                new PharosException(PharosException.Kind.INTERNAL, "image " + digest + " is not stored"));
        Optional<OsRelease> os = Optional.ofNullable(image.getString("os_id")).map(id -> new OsRelease(id,
                image.getString("os_version_id"), image.getString("os_name"),
                Optional.ofNullable(image.getString("os_osv_ecosystem"))));
        List<ImagePackage> packages = db.rows(PACKAGES, Sql.args(digest)).stream().map(ImageStore::pkg).toList();
        return new Inventory(digest, Optional.of(digest), Arrays.asList(image.getArrayOfStrings("layers")), os,
                packages, unknowns(image.getString("unknowns")));
    }

    /** Images matched at an older advisory generation, in digest order. */
    public List<String> matchedBefore(long generation, int limit) {
        return db.rows(STALE, Sql.args(generation, limit)).stream().map(row -> row.getString("digest")).toList();
    }

    public Optional<ImageReferenceRow> latestReference(String digest) {
        return db.rows(LATEST_REFERENCE, Sql.args(digest)).stream().findFirst().map(row -> new ImageReferenceRow(
                row.getString("registry"), row.getString("repository"),
                row.getString("tag").isEmpty() ? null : row.getString("tag")));
    }

    private static ImagePackage pkg(Row row) {
        Optional<SourcePackage> source = Optional.ofNullable(row.getString("source_name"))
                .map(name -> new SourcePackage(name, row.getString("source_version")));
        return new ImagePackage(new FoundPackage(PackageType.valueOf(row.getString("type")), row.getString("name"),
                row.getString("version"), row.getString("purl"), source, row.getString("path")),
                Optional.ofNullable(row.getString("layer_digest")));
    }

    private static List<Unknown> unknowns(String json) {
        try {
            return PharosEvents.MAPPER.readValue(json, UNKNOWNS);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "stored unknowns do not read back: " + e, e);
        }
    }
}
