package dev.pharos.intake.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;

import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every sender format makes the same way.
 */
public final class Senders {
    private Senders() {
    }

    /** A delivery in a media type the format does not read is {@code UNSUPPORTED}, never half-parsed. */
    public static void requireContentType(WebhookRequest request, String sender, Set<String> accepted) {
        if (!accepted.contains(request.contentType())) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, sender + " deliveries are "
                    + new TreeSet<>(accepted) + ", not '" + request.contentType() + "'");
        }
    }

    /** The body of a sender that posts nothing but {@code application/json}, parsed. */
    public static JsonNode jsonBody(WebhookRequest request, String sender) {
        requireContentType(request, sender, Set.of("application/json"));
        return Json.parse(request.body(), sender);
    }

    /**
     * The registry host of a scheme-less image location such as Harbor's {@code resource_url}
     * ({@code harbor.example.com/project/repo:tag}) or Quay's {@code docker_url} ({@code quay.io/ns/repo}).
     * A scheme, should a sender add one, is dropped.
     */
    public static String hostOf(String location, String pointer) {
        String rest = location.strip();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw Json.malformed("no registry host/repository at " + pointer + ": '" + location + "'");
        }
        return rest.substring(0, slash);
    }

    /**
     * The request headers whose names start with {@code prefix}, as a JSON object keyed by (lower-case) header name,
     * so that {@link Json} and {@code Timestamps} read metadata senders put in headers (CloudEvents binary mode,
     * Pub/Sub write_metadata) and their errors name the header as {@code /<header-name>}.
     */
    public static ObjectNode headers(WebhookRequest request, String prefix) {
        ObjectNode found = JsonNodeFactory.instance.objectNode();
        request.headers().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                found.put(name, value);
            }
        });
        return found;
    }
}
