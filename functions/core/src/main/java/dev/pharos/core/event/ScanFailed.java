package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@link EventTypes#SCAN_FAILED}: a scan failed for a reason that retrying will not fix (unknown
 * manifest, a limit exceeded, an unsupported media type). Transient failures are retried instead and never
 * produce this event. Schema: {@code eventing/events/dev.pharos.scan.failed.v1.schema.json}.
 *
 * @param reason  the failure's kind, as {@link dev.pharos.core.error.PharosException.Kind#slug()}
 * @param message what went wrong, for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanFailed(UUID scanId, String registry, String repository, String tag, String digest,
                         ScanTrigger trigger, String reason, String message, Instant failedAt)
        implements EventPayload {
    public ScanFailed {
        Objects.requireNonNull(scanId, "scanId");
        ImageRefs.requireReference(registry, repository, tag, digest);
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.SCAN_FAILED;
    }

    @Override
    public String subject() {
        return ImageEvent.reference(registry, repository, tag, digest);
    }
}
