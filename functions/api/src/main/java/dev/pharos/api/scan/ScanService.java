package dev.pharos.api.scan;

import dev.pharos.api.ApiConfig;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.EventEmitter;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.core.event.ScanRequested;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Queues scans and follows them. A request is recorded as a queued {@code scan} row first and then announced with
 * {@code dev.pharos.scan.requested.v1}, so the scanner always finds the row it is asked to fill in. If the broker
 * refuses the event, the row is marked failed (reason {@code unavailable}) and the caller gets 503: nothing is left
 * queued that no scanner will ever pick up.
 *
 * <p>Synchronous requests poll the row until it is completed or failed. Polling rather than LISTEN/NOTIFY: it needs
 * nothing from the scanner (which writes the row), no connection held per waiting request, and survives the
 * database restarting; a primary-key read every {@code poll-interval} is cheap next to a scan.
 */
@ApplicationScoped
public class ScanService {
    private final ScanStore store;
    private final EventEmitter emitter;
    private final ApiConfig config;
    private final MeterRegistry meters;

    public ScanService(ScanStore store, EventEmitter emitter, ApiConfig config, MeterRegistry meters) {
        this.store = store;
        this.emitter = emitter;
        this.config = config;
        this.meters = meters;
    }

    /** What a scan request led to: the scan as it stands and whether it was an Idempotency-Key replay. */
    public record Outcome(ScanView scan, boolean replayed) {
    }

    public Uni<Outcome> request(ScanRequest request, String requestedBy, Optional<String> idempotencyKey,
                                Duration wait) {
        UUID id = UUID.randomUUID();
        Instant requestedAt = Instant.now();
        long deadline = System.nanoTime() + wait.toNanos();
        return store.insert(id, request, requestedBy, requestedAt, idempotencyKey)
                .call(created -> created.replayed() ? Uni.createFrom().voidItem()
                        : announce(id, request, requestedBy, requestedAt))
                .invoke(created -> count(created.replayed() ? "replayed" : "queued"))
                .flatMap(created -> follow(created.id(), deadline)
                        .map(scan -> new Outcome(scan, created.replayed())));
    }

    public Uni<Optional<ScanView>> find(UUID id) {
        return store.find(id);
    }

    private Uni<Void> announce(UUID id, ScanRequest request, String requestedBy, Instant requestedAt) {
        ImageName image = request.image();
        ScanRequested payload = new ScanRequested(id, image.registry(), image.repository(), image.tag().orElse(null),
                image.digest().orElse(null), request.force(), requestedAt, requestedBy);
        return emitter.emit(PharosEvents.create(payload, config.eventSource(), "scan.requested/" + id, id.toString()))
                .onFailure().call(failure -> {
                    count("unavailable");
                    return store.notQueued(id, asUnavailable(failure)).onFailure().recoverWithNull();
                })
                .onFailure().transform(ScanService::asUnavailable);
    }

    /** Reads the scan until it is finished or the deadline passes (at once when there is no wait). */
    private Uni<ScanView> follow(UUID id, long deadline) {
        return store.find(id)
                .map(found -> found.orElseThrow(() -> new PharosException(PharosException.Kind.INTERNAL,
                        "scan " + id + " vanished after it was recorded")))
                .flatMap(scan -> {
                    long left = deadline - System.nanoTime();
                    if (scan.finished() || left <= 0) {
                        return Uni.createFrom().item(scan);
                    }
                    Duration pause = Duration.ofNanos(Math.min(left, config.pollInterval().toNanos()));
                    return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                            .flatMap(ignored -> follow(id, deadline));
                });
    }

    private void count(String result) {
        meters.counter("pharos.api.scan.requests", "result", result).increment();
    }

    private static PharosException asUnavailable(Throwable failure) {
        return failure instanceof PharosException pharos ? pharos : new PharosException(
                PharosException.Kind.UNAVAILABLE, "broker unavailable: " + failure.getMessage(), failure);
    }
}
