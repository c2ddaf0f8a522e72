package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#IMAGE_PUSHED}. Schema: {@code eventing/events/dev.pharos.image.pushed.v1.schema.json}.
 * Docker Hub and Quay report tags only, so {@code digest} may be absent; the scanner resolves it. At least one of
 * tag and digest is always present.
 *
 * @param registry   registry host with optional port, e.g. {@code registry.example.com:5000}; {@code docker.io} for Hub
 * @param repository repository path without the host, e.g. {@code team/app}
 * @param tag        tag if the sender named one
 * @param digest     manifest digest ({@code sha256:...}) if the sender named one
 * @param mediaType  manifest media type if known
 * @param pushedAt   when the registry says the push happened (receipt time when it does not say)
 * @param source     which kind of sender reported it
 * @param actor      who pushed, if the sender says
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagePushed(String registry, String repository, String tag, String digest, String mediaType,
                          Instant pushedAt, SourceKind source, String actor) implements ImageEvent {
    public ImagePushed {
        ImageRefs.requireReference(registry, repository, tag, digest);
        Objects.requireNonNull(pushedAt, "pushedAt");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String eventType() {
        return EventTypes.IMAGE_PUSHED;
    }

    @Override
    public String subject() {
        return ImageEvent.reference(registry, repository, tag, digest);
    }
}
