package dev.pharos.scanner;

import dev.pharos.core.event.ScanTrigger;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One scan to run, as an incoming event asks for it.
 *
 * @param scanId        the scan row's id: the API's for requests, derived from {@code dedupeKey} for pushes
 * @param dedupeKey     the triggering CloudEvent's {@code source} and {@code id}, for pushes
 * @param correlationId the incoming event's {@code correlationid} extension, else its id
 */
public record ScanJob(UUID scanId, Optional<String> dedupeKey, ScanTrigger trigger, String registry,
                      String repository, String tag, String digest, boolean force, String requestedBy,
                      String correlationId) {
    public ScanJob {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
