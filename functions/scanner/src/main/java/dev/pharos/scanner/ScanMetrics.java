package dev.pharos.scanner;

import dev.pharos.core.event.ScanTrigger;
import dev.pharos.core.event.SeverityCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pharos_scanner_scans_total{trigger,outcome}} (completed, reused, failed, retry),
 * {@code pharos_scanner_scan_duration_seconds{trigger,outcome}}, and
 * {@code pharos_scanner_findings_total{severity}}: open findings reported by completed scans.
 */
@ApplicationScoped
public class ScanMetrics {
    public enum Outcome { COMPLETED, REUSED, FAILED, RETRY }

    private final MeterRegistry meters;

    public ScanMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public Timer.Sample start() {
        return Timer.start(meters);
    }

    /** Counts and times the scan; returns how long it took. */
    public Duration finished(Timer.Sample sample, ScanTrigger trigger, Outcome outcome) {
        String name = outcome.name().toLowerCase(Locale.ROOT);
        meters.counter("pharos.scanner.scans", "trigger", trigger.id(), "outcome", name).increment();
        return Duration.ofNanos(sample.stop(meters.timer("pharos.scanner.scan.duration", "trigger", trigger.id(),
                "outcome", name)));
    }

    public void findings(SeverityCounts counts) {
        Map.of("critical", counts.critical(), "high", counts.high(), "medium", counts.medium(), "low", counts.low(),
                        "none", counts.none(), "unknown", counts.unknown())
                .forEach((severity, count) -> meters.counter("pharos.scanner.findings", "severity", severity)
                        .increment(count));
    }
}
