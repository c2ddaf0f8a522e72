package dev.pharos.api;

import dev.pharos.core.event.SeverityCounts;
import dev.pharos.harness.TestPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes rows exactly as migration V4 defines them, the way the scanner does, so the API is tested against the
 * table shapes rather than against its own writes. One JDBC connection per call: tests are not the hot path.
 */
public final class Seed {
    private Seed() {
    }

    /** An analysed image (table {@code image}). */
    public record Image(String digest, String osId, String osVersionId, String osEcosystem, Instant lastScannedAt,
                        SeverityCounts severities, int packageCount) {
    }

    /** A finding (table {@code finding}); {@code resolvedAt} null while open. */
    public record Finding(String imageDigest, String id, List<String> aliases, String purl, String path, String type,
                          String name, String version, List<String> fixedVersions, String fixState, String severity,
                          Double score, String vector, Instant resolvedAt) {
    }

    public static String digest() {
        return "sha256:" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    public static void image(Image image) {
        execute("""
                INSERT INTO image (digest, os_id, os_version_id, os_name, os_osv_ecosystem, layers, analysis_version,
                                   matched_generation, engine, package_count, severities, first_scanned_at,
                                   last_scanned_at)
                VALUES (?, ?, ?, ?, ?, ?, 'dpkg:1,java:2', 0, 'native', ?, ?::jsonb, ?, ?)""",
                image.digest(), image.osId(), image.osVersionId(), image.osId() == null ? null : image.osId() + " linux",
                image.osEcosystem(), new String[] {"sha256:" + "1a".repeat(32), "sha256:" + "2b".repeat(32)},
                image.packageCount(), severitiesJson(image.severities()),
                Timestamp.from(image.lastScannedAt().minusSeconds(3600)), Timestamp.from(image.lastScannedAt()));
    }

    public static void reference(String registry, String repository, String tag, String imageDigest) {
        execute("INSERT INTO image_reference (registry, repository, tag, pushed_digest, image_digest) "
                + "VALUES (?, ?, ?, ?, ?)", registry, repository, tag, imageDigest, imageDigest);
    }

    public static void pkg(String imageDigest, int ordinal, String type, String name, String version, String purl,
                           String path) {
        execute("""
                INSERT INTO image_package (image_digest, ordinal, layer_digest, type, name, version, purl, path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", imageDigest, ordinal, "sha256:" + "2b".repeat(32), type, name,
                version, purl, path);
    }

    public static void finding(Finding finding) {
        execute("""
                INSERT INTO finding (image_digest, vulnerability_id, package_purl, package_path, package_type,
                                     package_name, package_version, layer_digest, aliases, fixed_versions, fix_state,
                                     severity, score, vector, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                finding.imageDigest(), finding.id(), finding.purl(), finding.path(), finding.type(), finding.name(),
                finding.version(), "sha256:" + "2b".repeat(32), finding.aliases().toArray(String[]::new),
                finding.fixedVersions().toArray(String[]::new), finding.fixState(), finding.severity(),
                finding.score(), finding.vector(),
                finding.resolvedAt() == null ? null : Timestamp.from(finding.resolvedAt()));
    }

    /** What the scanner does when it finishes a scan. */
    public static void completeScan(UUID scanId, String imageDigest) {
        execute("""
                UPDATE scan SET status = 'completed', image_digest = ?, engine = 'native', reused = false,
                       package_count = 3, severities = '{"critical":1,"high":0,"medium":2,"low":0,"none":0,"unknown":0}',
                       sbom = 's3://pharos-sboms/' || ?, attempts = 1, started_at = now(), finished_at = now()
                 WHERE id = ?""", imageDigest, imageDigest, scanId);
    }

    /** One row of a query, column name to value. */
    public static Map<String, Object> row(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new AssertionError("no row for " + sql);
            }
            Map<String, Object> row = new HashMap<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i + 1, arg);
            }
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        TestPostgres postgres = TestPostgres.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(ApiTestResource.database()), postgres.user(),
                postgres.password());
    }

    private static String severitiesJson(SeverityCounts counts) {
        return "{\"critical\":%d,\"high\":%d,\"medium\":%d,\"low\":%d,\"none\":%d,\"unknown\":%d}".formatted(
                counts.critical(), counts.high(), counts.medium(), counts.low(), counts.none(), counts.unknown());
    }
}
