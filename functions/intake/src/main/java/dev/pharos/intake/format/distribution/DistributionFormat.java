package dev.pharos.intake.format.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ImageDeleted;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.Timestamps;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
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
        if (!CONTENT_TYPES.contains(request.contentType())) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, "distribution notifications are "
                    + CONTENT_TYPES + ", not '" + request.contentType() + "'");
        }
        JsonNode events = Json.array(Json.parse(request.body(), "distribution envelope"), "/events");
        List<RegistryNotice> notices = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < events.size(); i++) {
            Optional<RegistryNotice> notice = parseEvent(events.get(i), "/events/" + i, request);
            if (notice.isPresent()) {
                notices.add(notice.get());
            } else {
                ignored++;
            }
        }
        return new ParsedDelivery(notices, ignored);
    }

    private Optional<RegistryNotice> parseEvent(JsonNode event, String at, WebhookRequest request) {
        String action = Json.text(event, at + "/action");
        if (!action.equals("push") && !action.equals("delete")) {
            return Optional.empty();
        }
        Optional<String> url = Json.optionalText(event, at + "/target/url");
        Optional<String> mediaType = Json.optionalText(event, at + "/target/mediaType");
        if (!isManifest(url, mediaType)) {
            return Optional.empty();
        }
        String id = Json.text(event, at + "/id");
        String repository = Json.text(event, at + "/target/repository");
        String host = Json.optionalText(event, at + "/request/host")
                .or(() -> url.map(DistributionFormat::hostOf))
                .or(request::registryHint)
                .orElseThrow(() -> Json.malformed("no registry host at " + at + "/request/host or /target/url"));
        String tag = Json.optionalText(event, at + "/target/tag").orElse(null);
        String digest = Json.optionalText(event, at + "/target/digest").orElse(null);
        var when = Timestamps.rfc3339(event, at + "/timestamp").orElse(request.receivedAt());
        String actor = Json.optionalText(event, at + "/actor/name").orElse(null);
        try {
            return Optional.of(RegistryNotice.identified(id, action.equals("push")
                    ? new ImagePushed(host, repository, tag, digest, mediaType.orElse(null), when, kind(), actor)
                    : new ImageDeleted(host, repository, tag, digest, when, kind(), actor)));
        } catch (PharosException e) {
            throw Json.malformed(at + ": " + e.getMessage());
        }
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

    private static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            throw Json.malformed("target url is not a URL: '" + url + "'");
        }
    }
}
