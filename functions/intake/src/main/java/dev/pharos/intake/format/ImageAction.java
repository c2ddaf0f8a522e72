package dev.pharos.intake.format;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ImageDeleted;
import dev.pharos.core.event.ImageEvent;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.SourceKind;

import java.time.Instant;

/**
 * What a sender reports happened to an image, and the one place the sender formats build (and validate) the payload.
 * The payload records reject bad references themselves; the rejection is re-thrown naming where in the delivery the
 * event sits, as {@code DistributionFormat} does.
 */
public enum ImageAction {
    PUSHED, DELETED;

    /**
     * @param at        JSON Pointer (or header name) of the event in the delivery, prefixed to validation errors
     * @param mediaType manifest media type, ignored for deletions (the deleted payload has none)
     */
    public ImageEvent event(String at, SourceKind source, String registry, String repository, String tag,
                            String digest, String mediaType, Instant when, String actor) {
        try {
            return this == PUSHED
                    ? new ImagePushed(registry, repository, tag, digest, mediaType, when, source, actor)
                    : new ImageDeleted(registry, repository, tag, digest, when, source, actor);
        } catch (PharosException e) {
            throw Json.malformed(at + ": " + e.getMessage());
        }
    }
}
