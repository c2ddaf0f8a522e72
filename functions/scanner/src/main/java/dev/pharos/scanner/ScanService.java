package dev.pharos.scanner;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.store.ScanRow;
import dev.pharos.scanner.store.ScanStore;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Runs a scan exactly once per scan row, whatever the deliveries (Knative delivers at least once):
 * <ol>
 *   <li>the row is created or found (pushes by the event's source and id, requests by their scan id);</li>
 *   <li>a finished row only re-emits its outcome;</li>
 *   <li>otherwise the scan runs under the row's lease; a permanent failure finishes the row as failed and is
 *       announced (the delivery succeeds), a transient one puts the row back in the queue and fails the delivery
 *       so that the broker redelivers it.</li>
 * </ol>
 */
@ApplicationScoped
public class ScanService {
    private static final Logger LOG = Logger.getLogger(ScanService.class);

    private final ScanStore scans;
    private final ImageScan images;
    private final ScanEvents events;
    private final ScanMetrics metrics;

    public ScanService(ScanStore scans, ImageScan images, ScanEvents events, ScanMetrics metrics) {
        this.scans = scans;
        this.images = images;
        this.events = events;
        this.metrics = metrics;
    }

    public ScanRow handle(ScanJob job) {
        ScanRow row = scans.open(job);
        if (row.finished()) {
            events.announce(row);
            return row;
        }
        try (ScanStore.Lease ignored = scans.lease(row.id())) {
            ScanRow started = scans.start(job);
            if (started.finished()) {
                events.announce(started);
                return started;
            }
            ScanRow finished = run(started);
            events.announce(finished);
            return finished;
        }
    }

    private ScanRow run(ScanRow scan) {
        Timer.Sample sample = metrics.start();
        try {
            ScanRow completed = images.run(scan);
            Duration took = metrics.finished(sample, scan.trigger(),
                    completed.reused() ? ScanMetrics.Outcome.REUSED : ScanMetrics.Outcome.COMPLETED);
            metrics.findings(completed.severities());
            LOG.infof("scan %s of %s completed in %d ms: %d packages, %d open findings%s", scan.id(),
                    completed.imageDigest(), took.toMillis(), completed.packageCount(),
                    completed.severities().total(), completed.reused() ? " (stored analysis reused)" : "");
            return completed;
        } catch (PharosException e) {
            if (transientFailure(e)) {
                metrics.finished(sample, scan.trigger(), ScanMetrics.Outcome.RETRY);
                LOG.warnf("scan %s (%s/%s) will be retried: %s", scan.id(), scan.registry(), scan.repository(),
                        e.getMessage());
                scans.requeue(scan.id(), e.getMessage());
                throw e;
            }
            metrics.finished(sample, scan.trigger(), ScanMetrics.Outcome.FAILED);
            LOG.infof("scan %s (%s/%s) failed (%s): %s", scan.id(), scan.registry(), scan.repository(),
                    e.kind().slug(), e.getMessage());
            return scans.fail(scan.id(), e);
        } catch (RuntimeException e) {
            metrics.finished(sample, scan.trigger(), ScanMetrics.Outcome.RETRY);
            scans.requeue(scan.id(), "internal error: " + e);
            throw new PharosException(PharosException.Kind.INTERNAL, "scan " + scan.id() + " failed: " + e, e);
        }
    }

    /**
     * Retried: what may succeed later (a registry or the database unavailable), plus our own configuration and
     * bugs, which must not mark the user's image as failed. Everything else is the image's fault and final.
     */
    static boolean transientFailure(PharosException e) {
        return e.kind().retryable() || e.kind() == PharosException.Kind.INVALID_CONFIG;
    }
}
