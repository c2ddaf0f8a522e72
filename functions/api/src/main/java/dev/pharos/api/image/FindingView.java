package dev.pharos.api.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pharos.api.http.Rows;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One vulnerability in one package of one image.
 *
 * @param id               the preferred id (the CVE when there is one)
 * @param aliases          the other ids of the same vulnerability
 * @param installedVersion the version installed in the image
 * @param fixState         {@code fixed} (a fixed version exists) or {@code not_fixed}
 * @param score            the CVSS base score computed from {@code vector}, when there is one
 * @param resolvedAt       {@code null} while open; set when a later match no longer reported it
 */
public record FindingView(String id, List<String> aliases, @JsonProperty("package") Pkg pkg, String installedVersion,
                          List<String> fixedVersions, String fixState, String severity, BigDecimal score,
                          String vector, Instant firstSeen, Instant lastSeen, Instant resolvedAt) {

    /** The affected package: {@code path} and {@code layer} tell which copy of it. */
    public record Pkg(String type, String name, String purl, String path, String layer) {
    }

    public static final String COLUMNS = """
            f.vulnerability_id, f.aliases, f.package_type, f.package_name, f.package_version, f.package_purl,
            f.package_path, f.layer_digest, f.fixed_versions, f.fix_state, f.severity, f.score, f.vector,
            f.first_seen, f.last_seen, f.resolved_at""";

    public static FindingView of(Row row) {
        return new FindingView(row.getString("vulnerability_id"), Rows.texts(row, "aliases"),
                new Pkg(row.getString("package_type"), row.getString("package_name"), row.getString("package_purl"),
                        row.getString("package_path"), row.getString("layer_digest")),
                row.getString("package_version"), Rows.texts(row, "fixed_versions"), row.getString("fix_state"),
                row.getString("severity"), row.getBigDecimal("score"), row.getString("vector"),
                Rows.instant(row, "first_seen"), Rows.instant(row, "last_seen"), Rows.instant(row, "resolved_at"));
    }
}
