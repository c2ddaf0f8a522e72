package dev.pharos.intake;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.SourceKind;
import dev.pharos.intake.format.WebhookFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured webhook endpoints, each bound to its format plug-in. Built eagerly so that a misconfigured endpoint
 * (unknown kind, no credentials) stops the function at start-up instead of failing its first delivery.
 */
@ApplicationScoped
public class Endpoints {

    /** A configured endpoint and the plug-in that reads its deliveries. */
    public record Bound(String name, IntakeConfig.Endpoint config, WebhookFormat format) {
    }

    private final Map<String, Bound> byName;

    public Endpoints(IntakeConfig config, Instance<WebhookFormat> formats) {
        Map<SourceKind, WebhookFormat> byKind = formats.stream()
                .collect(Collectors.toMap(WebhookFormat::kind, Function.identity()));
        this.byName = config.endpoints().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        entry -> bind(entry.getKey(), entry.getValue(), byKind)));
    }

    public Bound require(String name) {
        Bound bound = byName.get(name);
        if (bound == null) {
            throw new PharosException(PharosException.Kind.NOT_FOUND, "no webhook endpoint named '" + name + "'");
        }
        return bound;
    }

    private static Bound bind(String name, IntakeConfig.Endpoint endpoint, Map<SourceKind, WebhookFormat> byKind) {
        WebhookFormat format = byKind.get(SourceKind.fromId(endpoint.kind()));
        if (format == null) {
            throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                    "endpoint '" + name + "': no format plug-in for kind '" + endpoint.kind() + "'");
        }
        boolean credentialed = endpoint.bearerToken().isPresent() || endpoint.hmacSecret().isPresent();
        if (!credentialed && !endpoint.allowUnauthenticated()) {
            throw new PharosException(PharosException.Kind.INVALID_CONFIG, "endpoint '" + name
                    + "' has no bearer-token or hmac-secret; set allow-unauthenticated=true to run it open");
        }
        return new Bound(name, endpoint, format);
    }
}
