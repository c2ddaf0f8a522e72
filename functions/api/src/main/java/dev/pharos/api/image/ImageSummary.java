package dev.pharos.api.image;

import dev.pharos.api.http.Rows;
import dev.pharos.core.event.SeverityCounts;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An image in a listing: its digest, where it was seen, its OS and what its last scan found.
 *
 * @param os           {@code null} when no OS was identified (distroless, scratch)
 * @param packageCount packages in the image
 * @param severities   open findings by severity
 */
public record ImageSummary(String digest, List<ImageReferenceView> references, Os os, int packageCount,
                           SeverityCounts severities, LastScan lastScan, Instant firstScannedAt,
                           Map<String, String> links) {

    /** @param osvEcosystem the OSV ecosystem its OS packages are matched in, e.g. {@code Debian:12} */
    public record Os(String id, String versionId, String name, String osvEcosystem) {
    }

    /**
     * @param scanId            the latest completed scan, when the image was analysed by one the scan table still
     *                          names
     * @param matchedGeneration the advisory data generation its findings were matched at
     */
    public record LastScan(Instant scannedAt, UUID scanId, String engine, long matchedGeneration) {
    }

    static final String COLUMNS = """
            i.digest, i.os_id, i.os_version_id, i.os_name, i.os_osv_ecosystem, i.package_count, i.severities,
            i.engine, i.matched_generation, i.first_scanned_at, i.last_scanned_at, i.layers, %s AS refs,
            (SELECT s.id FROM scan s WHERE s.image_digest = i.digest AND s.status = 'completed'
              ORDER BY s.finished_at DESC NULLS LAST LIMIT 1) AS last_scan_id"""
            .formatted(ImageReferenceView.aggregate("i.digest"));

    static ImageSummary of(Row row) {
        String digest = row.getString("digest");
        String osId = row.getString("os_id");
        return new ImageSummary(digest, ImageReferenceView.of(row.getValue("refs")),
                osId == null ? null : new Os(osId, row.getString("os_version_id"), row.getString("os_name"),
                        row.getString("os_osv_ecosystem")),
                row.getInteger("package_count"), Rows.severities(row, "severities"),
                new LastScan(Rows.instant(row, "last_scanned_at"), row.getUUID("last_scan_id"),
                        row.getString("engine"), row.getLong("matched_generation")),
                Rows.instant(row, "first_scanned_at"), Map.of("self", ImageResource.PATH + "/" + digest));
    }
}
