package dev.pharos.intake.format.gcr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.ImageReference;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.Senders;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Container Registry / Artifact Registry notifications
 * (cloud.google.com/artifact-registry/docs/configure-notifications): JSON messages {@code {action, digest, tag}} on
 * the Pub/Sub topic {@code gcr}; {@code action} is INSERT (an upload or a new tag) or DELETE, {@code digest} and
 * {@code tag} are full references ({@code host/project/repo/image@sha256:...}, {@code host/project/repo/image:1.0})
 * and either may be absent (the documented examples: digest only, digest and tag, a DELETE with the tag only).
 * They arrive through a push subscription (cloud.google.com/pubsub/docs/push and /payload-unwrapping) in one of two
 * shapes:
 * <ul>
 *   <li>wrapped: {@code {"message": {"data": base64, "attributes", "messageId", "publishTime"}, "subscription"}}
 *       (the snake_case twins message_id / publish_time are sent too);</li>
 *   <li>unwrapped ({@code no_wrapper}): the body is the message data; with {@code write_metadata} the id and time
 *       come as {@code x-goog-pubsub-message-id} / {@code x-goog-pubsub-publish-time} headers, without it the
 *       notice is unidentified.</li>
 * </ul>
 * The messageId survives Pub/Sub redeliveries, so it is the sender id.
 */
@ApplicationScoped
public class GcrFormat implements WebhookFormat {
    /**
     * Wrapped pushes are application/json. What an unwrapped push declares when the publisher sets no Content-Type
     * attribute (Artifact Registry sets none) is not documented, so the neutral types are accepted as well.
     */
    static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/octet-stream", "text/plain", "");
    static final Map<String, ImageAction> ACTIONS = Map.of("INSERT", ImageAction.PUSHED, "DELETE", ImageAction.DELETED);

    @Override
    public SourceKind kind() {
        return SourceKind.GCR;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        Senders.requireContentType(request, "Pub/Sub push", CONTENT_TYPES);
        JsonNode body = Json.parse(request.body(), "Pub/Sub push");
        if (Json.at(body, "/message").isObject()) {
            return wrapped(body, request);
        }
        JsonNode metadata = Senders.headers(request, "x-goog-pubsub-");
        return notice(body, Json.optionalText(metadata, "/x-goog-pubsub-message-id"),
                Timestamps.rfc3339(metadata, "/x-goog-pubsub-publish-time").orElse(request.receivedAt()));
    }

    private ParsedDelivery wrapped(JsonNode body, WebhookRequest request) {
        Optional<String> id = Json.optionalText(body, "/message/messageId")
                .or(() -> Json.optionalText(body, "/message/message_id"));
        Instant when = Timestamps.rfc3339(body, "/message/publishTime").orElse(request.receivedAt());
        byte[] data;
        try {
            data = Base64.getDecoder().decode(Json.text(body, "/message/data"));
        } catch (IllegalArgumentException e) {
            throw Json.malformed("not base64 at /message/data: " + e.getMessage());
        }
        try {
            return notice(Json.parse(data, "message data"), id, when);
        } catch (PharosException e) {
            throw Json.malformed("in the JSON encoded at /message/data: " + e.getMessage());
        }
    }

    private ParsedDelivery notice(JsonNode data, Optional<String> id, Instant when) {
        ImageAction action = ACTIONS.get(Json.text(data, "/action"));
        if (action == null) {
            return ParsedDelivery.ignoredOnly(1);
        }
        Optional<ImageReference> digest = reference(data, "/digest");
        Optional<ImageReference> tag = reference(data, "/tag");
        ImageReference image = digest.or(() -> tag)
                .orElseThrow(() -> Json.malformed("neither /digest nor /tag names an image"));
        if (digest.isPresent() && tag.isPresent() && !sameRepository(digest.get(), tag.get())) {
            throw Json.malformed("/digest and /tag name different repositories");
        }
        ImageEvent event = action.event(digest.isPresent() ? "/digest" : "/tag", kind(), image.registry(),
                image.repository(), tag.flatMap(ImageReference::tag).orElse(null),
                digest.flatMap(ImageReference::digest).orElse(null), null, when, null);
        return new ParsedDelivery(List.of(new RegistryNotice(id, event)), 0);
    }

    private static Optional<ImageReference> reference(JsonNode data, String pointer) {
        return Json.optionalText(data, pointer).map(value -> ImageReference.parse(value, pointer));
    }

    private static boolean sameRepository(ImageReference a, ImageReference b) {
        return a.registry().equals(b.registry()) && a.repository().equals(b.repository());
    }
}
