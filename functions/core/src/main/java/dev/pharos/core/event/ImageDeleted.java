package dev.pharos.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#IMAGE_DELETED}: a manifest or a tag was removed from a registry.
 * Fields mean what they mean in {@link ImagePushed}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageDeleted(String registry, String repository, String tag, String digest, Instant deletedAt,
                           SourceKind source, String actor) implements ImageEvent {
    public ImageDeleted {
        ImageRefs.requireReference(registry, repository, tag, digest);
        Objects.requireNonNull(deletedAt, "deletedAt");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String eventType() {
        return EventTypes.IMAGE_DELETED;
    }

    @Override
    public String subject() {
        return ImageEvent.reference(registry, repository, tag, digest);
    }
}
