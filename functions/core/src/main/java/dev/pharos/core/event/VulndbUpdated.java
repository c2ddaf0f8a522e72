package dev.pharos.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@link EventTypes#VULNDB_UPDATED}: an advisory import changed the vulnerability data, so stored
 * packages are matched again (without pulling images). Emitted only when something was inserted or updated.
 * Schema: {@code eventing/events/dev.pharos.vulndb.updated.v1.schema.json}.
 *
 * @param generation the advisory data generation after the import (it only grows); images matched at an older
 *                   generation are out of date
 * @param source     what was imported: a URL or a file name, never credentials
 */
public record VulndbUpdated(long generation, String source, int inserted, int updated, Instant importedAt)
        implements EventPayload {
    public static final String SUBJECT = "vulndb";

    public VulndbUpdated {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(importedAt, "importedAt");
    }

    @Override
    public String eventType() {
        return EventTypes.VULNDB_UPDATED;
    }

    @Override
    public String subject() {
        return SUBJECT;
    }
}
