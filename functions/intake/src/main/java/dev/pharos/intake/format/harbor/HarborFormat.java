package dev.pharos.intake.format.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.Senders;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Harbor project webhooks (HTTP endpoint), in either payload format a policy can choose
 * (goharbor.io/docs, "Configure Webhook Notifications"; Harbor src/pkg/notifier/formats):
 * <ul>
 *   <li>Default, {@code application/json}: {@code {type, occur_at (epoch s), operator, event_data}} with types
 *       {@code PUSH_ARTIFACT}, {@code DELETE_ARTIFACT}, and others (PULL_ARTIFACT, SCANNING_COMPLETED, QUOTA_WARNING,
 *       REPLICATION, TAG_RETENTION...) that are not ours and are counted as ignored;</li>
 *   <li>CloudEvents, see {@link HarborCloudEvent}.</li>
 * </ul>
 */
@ApplicationScoped
public class HarborFormat implements WebhookFormat {
    static final String JSON = "application/json";
    static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
    static final Map<String, ImageAction> TYPES = Map.of(
            "PUSH_ARTIFACT", ImageAction.PUSHED,
            "DELETE_ARTIFACT", ImageAction.DELETED);

    @Override
    public SourceKind kind() {
        return SourceKind.HARBOR;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        Senders.requireContentType(request, "Harbor webhook", Set.of(JSON, CLOUDEVENTS_JSON));
        if (request.contentType().equals(CLOUDEVENTS_JSON)) {
            return HarborCloudEvent.structured(request);
        }
        if (request.header("ce-specversion").isPresent()) {
            return HarborCloudEvent.binary(request);
        }
        return defaultFormat(request);
    }

    private static ParsedDelivery defaultFormat(WebhookRequest request) {
        JsonNode root = Json.parse(request.body(), "Harbor webhook");
        String type = Json.text(root, "/type");
        ImageAction action = TYPES.get(type);
        if (action == null) {
            return ParsedDelivery.ignoredOnly(1);
        }
        Optional<Instant> occurAt = Timestamps.epochSeconds(root, "/occur_at");
        String actor = Json.optionalText(root, "/operator").orElse(null);
        List<ImageEvent> events = HarborEventData.events(action, root, "/event_data",
                occurAt.orElse(request.receivedAt()), actor, request);
        // The default format carries no event id. Harbor fires one webhook per artifact event, stamped with its
        // time, and retries the same body, so type + occur_at + the full reference (host, repository, tag, digest:
        // the same digest may be pushed to two repositories, or under two tags, in the same second) is its id.
        return new ParsedDelivery(events.stream()
                .map(event -> new RegistryNotice(
                        occurAt.map(at -> type + "/" + at.getEpochSecond() + "/" + event.subject()), event))
                .toList(), 0);
    }
}
