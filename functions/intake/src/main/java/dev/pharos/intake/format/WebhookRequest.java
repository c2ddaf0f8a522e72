package dev.pharos.intake.format;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook delivery as received, before any interpretation.
 *
 * @param endpoint     the configured endpoint name it arrived on
 * @param contentType  media type without parameters, lower case; empty when the sender sent none
 * @param headers      request headers, names in lower case (first value of each)
 * @param body         the raw body, exactly as signed by senders that sign
 * @param receivedAt   receipt time, used when a sender gives no time of its own
 * @param registryHint registry host configured for the endpoint, for senders that do not name one (Docker Hub, Quay)
 */
public record WebhookRequest(String endpoint, String contentType, Map<String, String> headers, byte[] body,
                             Instant receivedAt, Optional<String> registryHint) {

    /** The same delivery as read on an endpoint that names the registry host for senders that do not. */
    public WebhookRequest withRegistryHint(Optional<String> hint) {
        return new WebhookRequest(endpoint, contentType, headers, body, receivedAt, hint);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
