package dev.pharos.scanner;

import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.VulndbUpdated;
import dev.pharos.scanner.store.ImageStore;
import dev.pharos.scanner.store.ScanRow;
import dev.pharos.scanner.store.ScanStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code vulndb.updated}: re-match the stored packages of every image matched at an older generation, without
 * pulling. One delivery takes at most one batch (and stops early at the time budget), then hands the rest to a
 * continuation event sent to the broker: a background thread would be killed when Knative scales the idle
 * instance to zero, and the broker retries a continuation like any event. The images' {@code matched_generation}
 * is the cursor, so a redelivery or a continuation simply finds the images still out of date.
 */
@ApplicationScoped
public class RematchService {
    private static final Logger LOG = Logger.getLogger(RematchService.class);

    private final ImageStore images;
    private final ScanStore scans;
    private final ImageScan scan;
    private final ScanEvents events;
    private final ScanMetrics metrics;
    private final ScannerConfig.Rematch config;

    public RematchService(ImageStore images, ScanStore scans, ImageScan scan, ScanEvents events,
                          ScanMetrics metrics, ScannerConfig config) {
        this.images = images;
        this.scans = scans;
        this.scan = scan;
        this.events = events;
        this.metrics = metrics;
        this.config = config.rematch();
    }

    public void handle(VulndbUpdated update, String correlationId) {
        int announced = announcePending();
        Instant deadline = Instant.now().plus(config.timeBudget());
        List<String> stale = images.matchedBefore(update.generation(), config.batchSize() + 1);
        int rematched = 0;
        for (String digest : stale) {
            if (rematched == config.batchSize() || Instant.now().isAfter(deadline)) {
                LOG.infof("vulndb generation %d: %d images re-matched (%d announced), continuing from %s in a new"
                        + " delivery", update.generation(), rematched, announced, digest);
                events.continueRematch(update, digest, correlationId);
                return;
            }
            var sample = metrics.start();
            Optional<ScanRow> changed = scan.rematch(digest, update.generation(), correlationId);
            metrics.finished(sample, ScanTrigger.REMATCH, ScanMetrics.Outcome.COMPLETED);
            if (changed.isPresent()) {
                announce(changed.get());
                announced++;
            }
            rematched++;
        }
        LOG.infof("vulndb generation %d: %d images re-matched (%d announced), none left", update.generation(),
                rematched, announced);
    }

    /** Rematch scans an earlier delivery recorded but could not announce (the broker refused). */
    private int announcePending() {
        List<ScanRow> pending = scans.unannouncedRematches(config.batchSize());
        pending.forEach(this::announce);
        return pending.size();
    }

    private void announce(ScanRow rematch) {
        events.announceScanned(rematch);
        scans.announced(rematch.id());
        metrics.findings(rematch.severities());
    }
}
