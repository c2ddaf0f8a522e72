package dev.pharos.scanner.store;

import dev.pharos.core.event.SeverityCounts;
import dev.pharos.engine.vuln.Finding;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-image findings on their natural key (image, vulnerability, package purl, path): a finding reported again keeps
 * its {@code first_seen}, gets a new {@code last_seen} and is reopened if it was resolved; an open finding the match
 * no longer reports is resolved.
 */
final class FindingStore {
    private static final String OPEN = """
            SELECT vulnerability_id, package_purl, package_path FROM finding
             WHERE image_digest = $1 AND resolved_at IS NULL""";
    private static final String UPSERT = """
            INSERT INTO finding (image_digest, vulnerability_id, package_purl, package_path, package_type, package_name,
                                 package_version, layer_digest, aliases, fixed_versions, fix_state, severity, score,
                                 vector, advisory_modified)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::float8, $14, $15)
            ON CONFLICT (image_digest, vulnerability_id, package_purl, package_path) DO UPDATE
               SET package_type = excluded.package_type, package_name = excluded.package_name,
                   package_version = excluded.package_version, layer_digest = excluded.layer_digest,
                   aliases = excluded.aliases, fixed_versions = excluded.fixed_versions,
                   fix_state = excluded.fix_state, severity = excluded.severity, score = excluded.score,
                   vector = excluded.vector, advisory_modified = excluded.advisory_modified,
                   last_seen = now(), resolved_at = NULL""";
    private static final String RESOLVE = """
            UPDATE finding SET resolved_at = now()
             WHERE image_digest = $1 AND resolved_at IS NULL
               AND (vulnerability_id, package_purl, package_path) NOT IN
                   (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))""";

    private FindingStore() {
    }

    /** What a match changed: whether the set of open findings differs, and the open findings by severity. */
    record Applied(boolean changed, SeverityCounts severities) {
    }

    private record Key(String vulnerability, String purl, String path) {
    }

    static Applied apply(Db.Tx tx, String digest, List<Finding> findings) {
        Set<Key> before = new HashSet<>();
        tx.rows(OPEN, Sql.args(digest)).forEach(row -> before.add(new Key(row.getString("vulnerability_id"),
                row.getString("package_purl"), row.getString("package_path"))));
        Map<Key, Finding> now = new LinkedHashMap<>();
        findings.forEach(finding -> now.putIfAbsent(keyOf(finding), finding));
        List<Tuple> upserts = new ArrayList<>();
        now.forEach((key, finding) -> upserts.add(tuple(digest, key, finding)));
        tx.batch(UPSERT, upserts);
        tx.rows(RESOLVE, Sql.args(digest,
                now.keySet().stream().map(Key::vulnerability).toArray(String[]::new),
                now.keySet().stream().map(Key::purl).toArray(String[]::new),
                now.keySet().stream().map(Key::path).toArray(String[]::new)));
        return new Applied(!before.equals(now.keySet()), count(now.values()));
    }

    private static Key keyOf(Finding finding) {
        return new Key(finding.id(), finding.pkg().pkg().purl(), finding.pkg().pkg().path());
    }

    private static Tuple tuple(String digest, Key key, Finding finding) {
        Finding.Severity severity = finding.severity();
        return Sql.args(digest, key.vulnerability(), key.purl(), key.path(), finding.pkg().pkg().type().name(),
                finding.pkg().pkg().name(), finding.pkg().pkg().version(), finding.pkg().layerDigest().orElse(null),
                finding.aliases().toArray(String[]::new), finding.fixedVersions().toArray(String[]::new),
                finding.fixState().name().toLowerCase(Locale.ROOT), level(severity),
                severity.score().orElse(null), severity.vector().orElse(null),
                finding.modified() == null ? null : finding.modified().atOffset(ZoneOffset.UTC));
    }

    private static String level(Finding.Severity severity) {
        return severity.level().toLowerCase(Locale.ROOT);
    }

    private static SeverityCounts count(Iterable<Finding> findings) {
        int critical = 0, high = 0, medium = 0, low = 0, none = 0, unknown = 0;
        for (Finding finding : findings) {
            switch (level(finding.severity())) {
                case "critical" -> critical++;
                case "high" -> high++;
                case "medium" -> medium++;
                case "low" -> low++;
                case "none" -> none++;
                default -> unknown++;
            }
        }
        return new SeverityCounts(critical, high, medium, low, none, unknown);
    }
}
