package dev.pharos.api.image;

import dev.pharos.api.http.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A repository and tag that pointed at an image.
 *
 * @param tag          {@code null} for a push by digest
 * @param pushedDigest the digest the registry reported: an index digest for a multi-arch push
 */
public record ImageReferenceView(String registry, String repository, String tag, String pushedDigest,
                                 Instant firstSeen, Instant lastSeen) {

    /** A query column aggregating the references of image {@code digestColumn} as a JSON array. */
    public static String aggregate(String digestColumn) {
        return """
                (SELECT coalesce(json_agg(json_build_object('registry', r.registry, 'repository', r.repository,
                        'tag', r.tag, 'pushedDigest', r.pushed_digest, 'firstSeen', r.first_seen,
                        'lastSeen', r.last_seen) ORDER BY r.registry, r.repository, r.tag, r.pushed_digest), '[]')
                   FROM image_reference r WHERE r.image_digest = %s)""".formatted(digestColumn);
    }

    public static List<ImageReferenceView> of(Object aggregated) {
        if (!(aggregated instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream().map(JsonObject.class::cast).map(json -> new ImageReferenceView(
                json.getString("registry"), json.getString("repository"),
                json.getString("tag").isEmpty() ? null : json.getString("tag"), json.getString("pushedDigest"),
                Rows.instant(json, "firstSeen"), Rows.instant(json, "lastSeen"))).toList();
    }
}
