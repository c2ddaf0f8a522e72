package dev.pharos.scanner;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.EventEmitter;
import dev.pharos.core.event.EventsConfig;
import dev.pharos.core.event.ImageScanned;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.core.event.ScanFailed;
import dev.pharos.core.event.VulndbUpdated;
import dev.pharos.scanner.store.ScanRow;
import io.cloudevents.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * The events a finished scan announces, built from its row alone: a redelivery that finds the scan finished emits
 * exactly the event the first delivery emitted (same id, derived from the scan id), and consumers deduplicate it.
 */
@ApplicationScoped
public class ScanEvents {
    private final EventEmitter emitter;
    private final ScannerConfig config;
    private final Duration timeout;

    public ScanEvents(EventEmitter emitter, ScannerConfig config, EventsConfig events) {
        this.emitter = emitter;
        this.config = config;
        // The emitter's own timeout bounds the request; this only keeps a wedged client from holding the scan.
        this.timeout = events.timeout().multipliedBy(2);
    }

    /** Emits the outcome of a finished scan: image.scanned or scan.failed. */
    public void announce(ScanRow scan) {
        switch (scan.status()) {
            case COMPLETED -> announceScanned(scan);
            case FAILED -> emit(PharosEvents.create(failed(scan), config.eventSource(), "failed:" + scan.id(),
                    scan.correlationId()));
            default -> throw new IllegalStateException("scan " + scan.id() + " is " + scan.status());
        }
    }

    /** image.scanned for a scan whose results are recorded (a rematch scan is marked completed after this). */
    public void announceScanned(ScanRow scan) {
        emit(PharosEvents.create(scanned(scan), config.eventSource(), "scanned:" + scan.id(), scan.correlationId()));
    }

    /** Hands the rest of a vulnerability-data update to a later delivery of this function (see README). */
    public void continueRematch(VulndbUpdated update, String nextDigest, String correlationId) {
        emit(PharosEvents.create(update, config.eventSource(),
                "rematch:" + update.generation() + ":" + nextDigest, correlationId));
    }

    private void emit(CloudEvent event) {
        try {
            emitter.emit(event).await().atMost(timeout);
        } catch (PharosException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "broker unavailable: " + e, e);
        }
    }

    private static ImageScanned scanned(ScanRow scan) {
        return new ImageScanned(scan.id(), scan.registry(), scan.repository(), scan.tag(), scan.imageDigest(),
                scan.trigger(), scan.engine(), scan.reused(), scan.packageCount(), scan.severities(), scan.sbom(),
                scan.finishedAt().orElseGet(Instant::now));
    }

    private static ScanFailed failed(ScanRow scan) {
        return new ScanFailed(scan.id(), scan.registry(), scan.repository(), scan.tag(),
                scan.imageDigest() != null ? scan.imageDigest() : scan.digest(), scan.trigger(),
                scan.failureReason(), scan.failureMessage(), scan.finishedAt().orElseGet(Instant::now));
    }
}
