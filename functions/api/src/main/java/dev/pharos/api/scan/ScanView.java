package dev.pharos.api.scan;

import dev.pharos.api.http.Rows;
import dev.pharos.core.event.SeverityCounts;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A scan as {@code GET /api/v1/scans/{id}} shows it: what was asked, what it resolved to and what came out.
 *
 * @param reference   the image as requested
 * @param imageDigest the platform manifest that was analysed, once known
 * @param reused      the stored analysis was current and no layer was pulled
 * @param packageCount packages in the image, once completed
 * @param severities  open findings by severity, once completed
 * @param sbom        where the CycloneDX SBOM is stored
 * @param failure     why it failed (a PharosException kind slug and a message), when it did
 * @param attempts    deliveries that started it
 */
public record ScanView(UUID id, String status, String trigger, Reference reference, String imageDigest,
                       boolean force, String requestedBy, String correlationId, String engine, Boolean reused,
                       Integer packageCount, SeverityCounts severities, String sbom, Failure failure, int attempts,
                       Timings timings, Map<String, String> links) {

    public record Reference(String registry, String repository, String tag, String digest) {
    }

    public record Failure(String reason, String message) {
    }

    public record Timings(Instant requestedAt, Instant startedAt, Instant finishedAt) {
    }

    static final String COLUMNS = """
            id, status, trigger, registry, repository, tag, digest, image_digest, force, requested_by, correlation_id,
            engine, reused, package_count, severities, sbom, failure_reason, failure_message, attempts, requested_at,
            started_at, finished_at""";

    public boolean finished() {
        return status.equals("completed") || status.equals("failed");
    }

    static ScanView of(Row row) {
        UUID id = row.getUUID("id");
        String imageDigest = row.getString("image_digest");
        String reason = row.getString("failure_reason");
        return new ScanView(id, row.getString("status"), row.getString("trigger"),
                new Reference(row.getString("registry"), row.getString("repository"), row.getString("tag"),
                        row.getString("digest")),
                imageDigest, row.getBoolean("force"), row.getString("requested_by"), row.getString("correlation_id"),
                row.getString("engine"), row.getBoolean("reused"), row.getInteger("package_count"),
                Rows.severities(row, "severities"), row.getString("sbom"),
                reason == null ? null : new Failure(reason, row.getString("failure_message")),
                row.getInteger("attempts"),
                new Timings(Rows.instant(row, "requested_at"), Rows.instant(row, "started_at"),
                        Rows.instant(row, "finished_at")),
                links(id, imageDigest));
    }

    static Map<String, String> links(UUID id, String imageDigest) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", ScanResource.PATH + "/" + id);
        if (imageDigest != null) {
            links.put("image", "/api/v1/images/" + imageDigest);
        }
        return links;
    }
}
