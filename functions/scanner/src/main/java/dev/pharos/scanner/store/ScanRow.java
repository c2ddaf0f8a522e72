package dev.pharos.scanner.store;

import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.SeverityCounts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A {@code scan} row (migration V4) as the scanner reads it back. */
public record ScanRow(UUID id, Status status, ScanTrigger trigger, String registry, String repository, String tag,
                      String digest, String imageDigest, boolean force, String correlationId, String engine,
                      boolean reused, int packageCount, SeverityCounts severities, String sbom,
                      String failureReason, String failureMessage, int attempts, Optional<Instant> finishedAt) {

    public enum Status { QUEUED, RUNNING, COMPLETED, FAILED }

    public boolean finished() {
        return status == Status.COMPLETED || status == Status.FAILED;
    }
}
