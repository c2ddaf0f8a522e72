package dev.pharos.intake.format.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Senders;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CNCF distribution ("Docker registry") notifications: an envelope {@code {"events":[...]}} posted as
 * {@code application/vnd.docker.distribution.events.v1+json} (v3 of the registry sends {@code ...v2+json}).
 * Each event has {@code id}, {@code timestamp}, {@code action} (push, pull, mount, delete), a {@code target}
 * (mediaType, digest, repository, url, tag) and the {@code request} (host as the client addressed the registry).
 * The registry notifies every blob upload before the manifest; only manifest pushes are images.
 * Reference: distribution's docs/content/about/notifications.md.
 */
@ApplicationScoped
public class DistributionFormat implements WebhookFormat {
    static final Set<String> CONTENT_TYPES = Set.of(
            "application/vnd.docker.distribution.events.v1+json",
            "application/vnd.docker.distribution.events.v2+json",
            "application/json");
    static final Set<String> MANIFEST_TYPES = Set.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");

    @Override
    public SourceKind kind() {
        return SourceKind.DISTRIBUTION;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        Senders.requireContentType(request, "distribution notification", CONTENT_TYPES);
        JsonNode envelope = Json.parse(request.body(), "distribution envelope");
        JsonNode events = Json.array(envelope, "/events");
        List<RegistryNotice> notices = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < events.size(); i++) {
            Optional<RegistryNotice> notice = parseEvent(envelope, "/events/" + i, request);
            if (notice.isPresent()) {
                notices.add(notice.get());
            } else {
                ignored++;
            }
        }
        return new ParsedDelivery(notices, ignored);
    }

    private Optional<RegistryNotice> parseEvent(JsonNode envelope, String at, WebhookRequest request) {
        String action = Json.text(envelope, at + "/action");
        if (!action.equals("push") && !action.equals("delete")) {
            return Optional.empty();
        }
        Optional<String> url = Json.optionalText(envelope, at + "/target/url");
        Optional<String> mediaType = Json.optionalText(envelope, at + "/target/mediaType");
        if (!isManifest(url, mediaType)) {
            return Optional.empty();
        }
        String id = Json.text(envelope, at + "/id");
        String repository = Json.text(envelope, at + "/target/repository");
        String host = Json.optionalText(envelope, at + "/request/host")
                .or(() -> url.map(value -> Senders.hostOf(value, at + "/target/url")))
                .or(request::registryHint)
                .orElseThrow(() -> Json.malformed("no registry host at " + at + "/request/host or /target/url"));
        String tag = Json.optionalText(envelope, at + "/target/tag").orElse(null);
        String digest = Json.optionalText(envelope, at + "/target/digest").orElse(null);
        var when = Timestamps.rfc3339(envelope, at + "/timestamp").orElse(request.receivedAt());
        String actor = Json.optionalText(envelope, at + "/actor/name").orElse(null);
        ImageAction what = action.equals("push") ? ImageAction.PUSHED : ImageAction.DELETED;
        return Optional.of(RegistryNotice.identified(id,
                what.event(at, kind(), host, repository, tag, digest, mediaType.orElse(null), when, actor)));
    }

    /**
     * A delete carries no media type, so the URL decides there; pushes are recognised by the manifest media type
     * and, for artifact types we do not list, by the manifests URL.
     */
    private static boolean isManifest(Optional<String> url, Optional<String> mediaType) {
        if (mediaType.isPresent() && MANIFEST_TYPES.contains(mediaType.get())) {
            return true;
        }
        return url.map(value -> value.contains("/manifests/")).orElse(mediaType.isEmpty());
    }
}
