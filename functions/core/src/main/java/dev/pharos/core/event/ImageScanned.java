package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@link EventTypes#IMAGE_SCANNED}: a scan completed and its findings are in PostgreSQL. It carries
 * counts and references, never the findings themselves (brokers cap payloads).
 * Schema: {@code eventing/events/dev.pharos.image.scanned.v1.schema.json}.
 *
 * @param scanId     the completed scan ({@code GET /api/v1/scans/{id}})
 * @param digest     the platform manifest digest that was analysed
 * @param trigger    push, request, or rematch after a vulnerability-data update
 * @param engine     the engine that matched ({@code native}, {@code trivy}, {@code grype})
 * @param reused     true when the image's stored analysis was current and no layer was pulled
 * @param packages   packages in the image
 * @param severities open findings by severity
 * @param sbom       where the CycloneDX SBOM is stored ({@code s3://bucket/key} or {@code file:} URI)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageScanned(UUID scanId, String registry, String repository, String tag, String digest,
                           ScanTrigger trigger, String engine, boolean reused, int packages,
                           SeverityCounts severities, String sbom, Instant scannedAt) implements EventPayload {
    public ImageScanned {
        Objects.requireNonNull(scanId, "scanId");
        ImageRefs.requireReference(registry, repository, tag, digest);
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(severities, "severities");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.IMAGE_SCANNED;
    }

    @Override
    public String subject() {
        return ImageEvent.reference(registry, repository, tag, digest);
    }
}
