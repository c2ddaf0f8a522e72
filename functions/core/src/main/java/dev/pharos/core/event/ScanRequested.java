package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Payload of {@link EventTypes#SCAN_REQUESTED}: somebody (the API, a sweep) asks for an image to be scanned. The
 * requester has already recorded the scan as queued under {@code scanId}, so the scanner completes that row and the
 * requester can follow it. Schema: {@code eventing/events/dev.pharos.scan.requested.v1.schema.json}.
 *
 * @param scanId      the scan this request fills in
 * @param force       scan again even if this digest was already scanned with the current vulnerability data and
 *                    cataloger versions
 * @param requestedBy who asked ({@code api}, {@code sweeper}, a user name)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanRequested(UUID scanId, String registry, String repository, String tag, String digest,
                            boolean force, Instant requestedAt, String requestedBy) implements EventPayload {
    public ScanRequested {
        Objects.requireNonNull(scanId, "scanId");
        ImageRefs.requireReference(registry, repository, tag, digest);
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    @Override
    public String eventType() {
        return EventTypes.SCAN_REQUESTED;
    }

    @Override
    public String subject() {
        return ImageEvent.reference(registry, repository, tag, digest);
    }
}
