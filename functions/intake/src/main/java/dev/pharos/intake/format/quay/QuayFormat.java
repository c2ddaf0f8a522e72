package dev.pharos.intake.format.quay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.ParsedDelivery;
import dev.pharos.intake.format.RegistryNotice;
import dev.pharos.intake.format.WebhookFormat;
import dev.pharos.intake.format.WebhookRequest;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.Senders;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quay repository notifications with the webhook method (Red Hat Quay "Repository notifications"; quay/quay
 * notifications/notificationmethod.py posts the event data itself as {@code application/json}). Every event kind goes
 * to the URL in the same shape, {repository, namespace, name, docker_url, homepage} plus its own fields, with no
 * event name: a "Push to repository" ({@code repo_push}) is the one with {@code updated_tags}; build, vulnerability and
 * mirror notifications lack it and are ignored. One notice per updated tag. Quay sends no digest, no id and no time,
 * so notices are unidentified and stamped with the receipt time.
 */
@ApplicationScoped
public class QuayFormat implements WebhookFormat {

    @Override
    public SourceKind kind() {
        return SourceKind.QUAY;
    }

    @Override
    public ParsedDelivery parse(WebhookRequest request) {
        JsonNode root = Senders.jsonBody(request, "Quay notification");
        JsonNode updated = Json.at(root, "/updated_tags");
        if (updated.isMissingNode() || updated.isNull()) {
            return ParsedDelivery.ignoredOnly(1);
        }
        String repository = Json.text(root, "/repository");
        // docker_url is SERVER_HOSTNAME/namespace/name (notifications/__init__.py build_repository_event_data).
        String host = Json.optionalText(root, "/docker_url")
                .map(url -> Senders.hostOf(url, "/docker_url"))
                .or(request::registryHint)
                .orElseThrow(() -> Json.malformed("no registry host: /docker_url is missing"));
        List<RegistryNotice> notices = new ArrayList<>();
        tagsByPointer(root, updated).forEach((at, tag) -> notices.add(RegistryNotice.unidentified(
                ImageAction.PUSHED.event(at, kind(), host, repository, tag, null, null, request.receivedAt(), null))));
        return notices.isEmpty() ? ParsedDelivery.ignoredOnly(1) : new ParsedDelivery(notices, 0);
    }

    /**
     * Quay sends a list of tag names; the 2013 quay.io payload (gist jakedt/7533338) sent an object of tag to image
     * id. Both are read.
     */
    private static Map<String, String> tagsByPointer(JsonNode root, JsonNode updated) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (updated.isObject()) {
            updated.fieldNames().forEachRemaining(tag -> tags.put("/updated_tags/" + tag, tag));
            return tags;
        }
        if (!updated.isArray()) {
            throw Json.malformed("expected an array of tag names at /updated_tags, found " + updated.getNodeType());
        }
        for (int i = 0; i < updated.size(); i++) {
            String at = "/updated_tags/" + i;
            tags.put(at, Json.text(root, at));
        }
        return tags;
    }
}
