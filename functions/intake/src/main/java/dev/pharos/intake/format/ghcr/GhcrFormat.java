package dev.pharos.intake.format.ghcr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.ImageRefs;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub Container Registry pushes, reported by GitHub webhooks (docs.github.com "Webhook events and payloads":
 * {@code package} for repository/organisation webhooks, {@code registry_package} for GitHub Apps; payload examples in
 * octokit/webhooks payload-examples/api.github.com/{package,registry_package}/published.docker.payload.json). The
 * event name is the {@code X-GitHub-Event} header and the delivery GUID the {@code X-GitHub-Delivery} header; the
 * body names the package under the key of the event name. Actions {@code published} and {@code updated} ("a package
 * that was previously published was updated", e.g. a tag added) are pushes; other events ({@code ping}, {@code push}...) and non-container packages (npm, maven...) are
 * ignored. Webhooks say {@code package_type: "CONTAINER"}, the REST API {@code "container"}: both are read.
 * A delivery reports one package version, so the delivery GUID is the notice's id.
 */
@ApplicationScoped
public class GhcrFormat implements WebhookFormat {
    static final String REGISTRY = "ghcr.io";
    static final Set<String> EVENTS = Set.of("package", "registry_package");
    static final Set<String> ACTIONS = Set.of("published", "updated");
    /** GitHub's zero time ({@code 0001-01-01T00:00:00Z}), seen in package_version timestamps: no time at all. */
    static final Instant NO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    @Override
    public SourceKind kind() {
        return SourceKind.GHCR;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        // GitHub can also post application/x-www-form-urlencoded (payload=...); the hook must be set to JSON.
        JsonNode root = Senders.jsonBody(request, "GitHub webhook");
        String event = request.header("x-github-event")
                .orElseThrow(() -> Json.malformed("missing X-GitHub-Event header"));
        if (!EVENTS.contains(event)) {
            return ParsedDelivery.ignoredOnly(1);
        }
        String pkg = "/" + event;
        String version = pkg + "/package_version";
        if (!ACTIONS.contains(Json.text(root, "/action"))
                || !Json.text(root, pkg + "/package_type").equalsIgnoreCase("container")) {
            return ParsedDelivery.ignoredOnly(1);
        }
        // ghcr.io/<owner>/<package name>; GitHub keeps the owner's case, registry paths are lower case.
        String repository = (Json.text(root, pkg + "/owner/login") + "/" + Json.text(root, pkg + "/name"))
                .toLowerCase(Locale.ROOT);
        Optional<String> tag = Json.optionalText(root, version + "/container_metadata/tag/name");
        // A container version's name is its manifest digest; the tag's digest says the same when there is a tag.
        Optional<String> digest = Json.optionalText(root, version + "/container_metadata/tag/digest")
                .or(() -> Json.optionalText(root, version + "/name").filter(ImageRefs::isDigest));
        // The payload names no host; GitHub Enterprise Server serves containers from its own, set as the hint.
        ImageEvent pushed = ImageAction.PUSHED.event(version, kind(), request.registryHint().orElse(REGISTRY),
                repository, tag.orElse(null), digest.orElse(null),
                Json.optionalText(root, version + "/container_metadata/manifest/media_type").orElse(null),
                pushedAt(root, version, pkg).orElse(request.receivedAt()),
                Json.optionalText(root, "/sender/login").orElse(null));
        return new ParsedDelivery(List.of(new RegistryNotice(request.header("x-github-delivery"), pushed)), 0);
    }

    /** The version's creation time when GitHub fills it, else the package's last update. */
    private static Optional<Instant> pushedAt(JsonNode root, String version, String pkg) {
        return Timestamps.rfc3339(root, version + "/created_at").filter(time -> time.isAfter(NO_TIME))
                .or(() -> Timestamps.rfc3339(root, pkg + "/updated_at"));
    }
}
