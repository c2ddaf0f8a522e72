package dev.pharos.intake.format.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.Senders;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Harbor's CloudEvents payload format (Harbor 2.8+, src/pkg/notifier/formats/cloudevents.go): {@code id} a fresh
 * UUID per event (kept across Harbor's retries, which re-send the formatted body), {@code type}
 * {@code harbor.artifact.pushed} / {@code harbor.artifact.deleted} (other {@code harbor.*} types are ignored),
 * {@code time} from occur_at, the operator as extension {@code operator}, and {@code data} the default format's
 * {@code event_data}. Harbor posts it structured ({@code application/cloudevents+json}); binary mode ({@code ce-*}
 * headers, the data as an {@code application/json} body) is what a relay such as a Knative broker re-delivers.
 */
final class HarborCloudEvent {
    static final Map<String, ImageAction> TYPES = Map.of(
            "harbor.artifact.pushed", ImageAction.PUSHED,
            "harbor.artifact.deleted", ImageAction.DELETED);

    private HarborCloudEvent() {
    }

    static ParsedDelivery structured(WebhookRequest request) {
        JsonNode event = Json.parse(request.body(), "Harbor CloudEvent");
        return parse(event, "/", () -> event, "/data", request);
    }

    /** Attributes come as {@code ce-<name>} headers; errors name the header as {@code /ce-<name>}. */
    static ParsedDelivery binary(WebhookRequest request) {
        return parse(Senders.headers(request, "ce-"), "/ce-",
                () -> Json.parse(request.body(), "Harbor CloudEvent data"), "", request);
    }

    private static ParsedDelivery parse(JsonNode attributes, String prefix, Supplier<JsonNode> data,
                                        String dataPointer, WebhookRequest request) {
        ImageAction action = TYPES.get(Json.text(attributes, prefix + "type"));
        if (action == null) {
            return ParsedDelivery.ignoredOnly(1);
        }
        String id = Json.text(attributes, prefix + "id");
        Instant when = Timestamps.rfc3339(attributes, prefix + "time").orElse(request.receivedAt());
        String actor = Json.optionalText(attributes, prefix + "operator").orElse(null);
        List<ImageEvent> events = HarborEventData.events(action, data.get(), dataPointer, when, actor, request);
        List<RegistryNotice> notices = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            // Harbor puts one artifact in an event; should it ever put more, each notice still needs its own id.
            notices.add(RegistryNotice.identified(events.size() == 1 ? id : id + "#" + i, events.get(i)));
        }
        return new ParsedDelivery(notices, 0);
    }
}
