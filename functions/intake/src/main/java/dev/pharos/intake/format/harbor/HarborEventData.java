package dev.pharos.intake.format.harbor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.ImageRefs;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.Json;
import dev.pharos.intake.format.Senders;
import dev.pharos.intake.format.ImageAction;
import dev.pharos.intake.format.WebhookRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Harbor's {@code event_data} for artifact events, identical in the default format and as CloudEvents data
 * ({@code model.EventData} in Harbor's src/pkg/notifier/model): {@code resources[]} of {digest, tag, resource_url}
 * and {@code repository} {name, namespace, repo_full_name, repo_type, date_created}.
 */
final class HarborEventData {
    private HarborEventData() {
    }

    /**
     * @param data JSON Pointer of the event data inside {@code root} ({@code ""} when the body is the data)
     */
    static List<ImageEvent> events(ImageAction action, JsonNode root, String data, Instant when, String actor,
                                   WebhookRequest request) {
        // repo_full_name is the whole path under the host (project/name, names may nest); `name` drops the project.
        String repository = Json.text(root, data + "/repository/repo_full_name");
        JsonNode resources = Json.array(root, data + "/resources");
        if (resources.isEmpty()) {
            throw Json.malformed("no artifact in " + data + "/resources");
        }
        List<ImageEvent> events = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            String at = data + "/resources/" + i;
            Optional<String> digest = Json.optionalText(root, at + "/digest");
            // An artifact without tags is named by its digest in `tag` (Harbor's webhook/artifact handler uses the
            // digest as the reference when the event has no tags): that is no tag.
            Optional<String> tag = Json.optionalText(root, at + "/tag").filter(value -> !ImageRefs.isDigest(value));
            // resource_url is <external URL host>/<repo_full_name>(:tag|@digest), scheme-less (config.ExtURL).
            String host = Json.optionalText(root, at + "/resource_url")
                    .map(url -> Senders.hostOf(url, at + "/resource_url"))
                    .or(request::registryHint)
                    .orElseThrow(() -> Json.malformed("no registry host: " + at + "/resource_url is missing"));
            events.add(action.event(at, SourceKind.HARBOR, host, repository, tag.orElse(null), digest.orElse(null),
                    null, when, actor));
        }
        return events;
    }
}
