package dev.pharos.intake;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.EventEmitter;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.PharosEvents;
import dev.pharos.core.persistence.Claim;
import dev.pharos.core.persistence.DeliveryKey;
import dev.pharos.core.persistence.DeliveryLedger;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.WebhookRequest;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates a delivery, parses it with its endpoint's format, and emits each image event exactly once:
 * keys are claimed in the delivery ledger, events of won keys are emitted, emitted keys are confirmed and failed
 * ones released. Any failure to emit answers the sender 5xx so it retries; what was emitted stays confirmed, so the
 * retry emits only the rest.
 */
@ApplicationScoped
public class IntakeService {
    private final Endpoints endpoints;
    private final DeliveryLedger ledger;
    private final EventEmitter emitter;
    private final IntakeConfig config;
    private final MeterRegistry meters;

    public IntakeService(Endpoints endpoints, DeliveryLedger ledger, EventEmitter emitter, IntakeConfig config,
                         MeterRegistry meters) {
        this.endpoints = endpoints;
        this.ledger = ledger;
        this.emitter = emitter;
        this.config = config;
        this.meters = meters;
    }

    public Uni<IntakeOutcome> accept(WebhookRequest delivery, Optional<String> queryToken) {
        Endpoints.Bound endpoint = endpoints.require(delivery.endpoint());
        WebhookRequest request = delivery.withRegistryHint(endpoint.config().registry());
        if (request.body().length > config.maxPayloadBytes()) {
            throw new PharosException(PharosException.Kind.PAYLOAD_TOO_LARGE, "delivery of " + request.body().length
                    + " bytes exceeds the limit of " + config.maxPayloadBytes() + " bytes");
        }
        EndpointAuthenticator.authenticate(endpoint.config(), request, queryToken);
        ParsedDelivery parsed = endpoint.format().parse(request);
        Map<String, CloudEvent> byKey = new LinkedHashMap<>();
        List<DeliveryKey> keys = new ArrayList<>();
        URI source = URI.create(config.eventSource() + "/" + endpoint.name());
        for (RegistryNotice notice : parsed.notices()) {
            DeliveryKey key = keyOf(endpoint, notice);
            keys.add(key);
            byKey.putIfAbsent(key.value(), PharosEvents.create(notice.event(), source, key.value(),
                    PharosEvents.stableId(key.value())));
        }
        return ledger.claim(keys, config.dedupe().lease())
                .flatMap(claim -> emitClaimed(claim, byKey))
                .map(claim -> record(endpoint, new IntakeOutcome(claim.claimed().size(), claim.done().size(),
                        parsed.ignored())));
    }

    private Uni<Claim> emitClaimed(Claim claim, Map<String, CloudEvent> byKey) {
        if (!claim.inFlight().isEmpty()) {
            return ledger.release(claim.claimed()).replaceWith(Uni.createFrom().failure(new PharosException(
                    PharosException.Kind.UNAVAILABLE, claim.inFlight().size()
                    + " notification(s) of this delivery are being handled by a concurrent delivery; retry later")));
        }
        if (claim.claimed().isEmpty()) {
            return Uni.createFrom().item(claim);
        }
        List<Uni<Optional<Throwable>>> sends = claim.claimed().stream()
                .map(key -> emitter.emit(byKey.get(key)).map(ok -> Optional.<Throwable>empty())
                        .onFailure().recoverWithItem(Optional::of))
                .toList();
        return Uni.join().all(sends).andFailFast().flatMap(results -> settle(claim, results));
    }

    /** Confirms what the broker took, releases what it did not, and fails the delivery if anything is left. */
    private Uni<Claim> settle(Claim claim, List<Optional<Throwable>> results) {
        List<String> keys = List.copyOf(claim.claimed());
        List<String> sent = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            (results.get(i).isEmpty() ? sent : failed).add(keys.get(i));
        }
        Uni<Void> recorded = ledger.confirm(sent).flatMap(ignored -> ledger.release(failed));
        if (failed.isEmpty()) {
            return recorded.replaceWith(claim);
        }
        Throwable cause = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
        return recorded.replaceWith(Uni.createFrom().failure(cause instanceof PharosException
                ? cause : new PharosException(PharosException.Kind.UNAVAILABLE, cause.getMessage(), cause)));
    }

    /** Scoped by endpoint: a sender's ids are unique only among that sender's deliveries. */
    private DeliveryKey keyOf(Endpoints.Bound endpoint, RegistryNotice notice) {
        String scope = "intake/" + endpoint.name();
        return notice.senderId()
                .map(id -> new DeliveryKey(scope + ":id:" + id + ":" + notice.event().eventType(),
                        config.dedupe().retention()))
                .orElseGet(() -> new DeliveryKey(scope + ":content:" + contentHash(notice.event()),
                        config.dedupe().contentWindow()));
    }

    /** Content identity leaves out the time: senders without ids (Quay) stamp receipt time, which differs per retry. */
    private static String contentHash(ImageEvent event) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((event.eventType() + "\n" + event.subject()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "SHA-256 unavailable", e);
        }
    }

    private IntakeOutcome record(Endpoints.Bound endpoint, IntakeOutcome outcome) {
        String name = endpoint.name();
        meters.counter("pharos.intake.events", "endpoint", name, "result", "emitted").increment(outcome.emitted());
        meters.counter("pharos.intake.events", "endpoint", name, "result", "duplicate")
                .increment(outcome.duplicates());
        meters.counter("pharos.intake.events", "endpoint", name, "result", "ignored").increment(outcome.ignored());
        return outcome;
    }
}
