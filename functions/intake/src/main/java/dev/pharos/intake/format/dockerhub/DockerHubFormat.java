package dev.pharos.intake.format.dockerhub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.SourceKind;
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
import java.util.List;

/**
 * Docker Hub repository webhooks (docs.docker.com/docker-hub/repos/manage/webhooks): fired on push only, with
 * {@code push_data} {tag, pushed_at (epoch s), pusher}, {@code repository} {repo_name, namespace, name, ...} and
 * {@code callback_url}. There is no event type and no digest: the scanner resolves the tag. The payload names no
 * host either, so the registry is the endpoint's configured hint, else {@code docker.io}.
 */
@ApplicationScoped
public class DockerHubFormat implements WebhookFormat {
    static final String DEFAULT_REGISTRY = "docker.io";

    @Override
    public SourceKind kind() {
        return SourceKind.DOCKERHUB;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        JsonNode root = Senders.jsonBody(request, "Docker Hub webhook");
        String repository = officialName(Json.text(root, "/repository/repo_name"));
        String tag = Json.text(root, "/push_data/tag");
        // Older payloads carry pushed_at as a float (1.417566161e+09); the seconds are what counts.
        Instant when = Timestamps.epochSeconds(root, "/push_data/pushed_at").orElse(request.receivedAt());
        String pusher = Json.optionalText(root, "/push_data/pusher").orElse(null);
        ImageEvent event = ImageAction.PUSHED.event("/push_data", kind(),
                request.registryHint().orElse(DEFAULT_REGISTRY), repository, tag, null, null, when, pusher);
        // callback_url was the per-delivery callback of webhook chains. The docs now call it legacy and unsupported,
        // so it may be absent: the push is then unidentified (deduplicated on content).
        return new ParsedDelivery(List.of(new RegistryNotice(Json.optionalText(root, "/callback_url"), event)), 0);
    }

    /** Official images live under {@code library/} on the registry even where Hub names them without it. */
    static String officialName(String repoName) {
        return repoName.contains("/") ? repoName : "library/" + repoName;
    }
}
