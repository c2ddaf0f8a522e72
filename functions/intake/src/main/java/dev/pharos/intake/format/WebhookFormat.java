package dev.pharos.intake.format;

import dev.pharos.core.event.SourceKind;

/**
 * One plug-in per sender format, discovered through CDI. Parsing only: authentication, deduplication and emission
 * happen around it. Implementations throw {@link dev.pharos.core.error.PharosException} of kind
 * {@code MALFORMED_INPUT} naming the offending field, or {@code UNSUPPORTED} for a content type they do not read;
 * they never return null.
 */
public interface WebhookFormat {

    SourceKind kind();

    ParsedDelivery parse(WebhookRequest request);
}
