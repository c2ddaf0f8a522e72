package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token flow of distribution's {@code docs/spec/auth/token.md}: on a {@code Bearer} challenge, GET
 * {@code realm?service=&scope=} (with Basic credentials, or none), take {@code token} or {@code access_token}; cache
 * per realm, service and scope until {@code expires_in} runs out.
 */
final class BearerTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** token.md: "expires_in ... If omitted, a default of 60 seconds should be assumed." */
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    /** GETs a token URL (through the same host policy, redirects and retries as registry requests). */
    @FunctionalInterface
    interface Fetcher {
        byte[] get(URI uri, String what) throws IOException;
    }

    private record Token(String value, Instant expires) {
    }

    private final Map<String, Token> cache = new HashMap<>();

    /**
     * A token for the challenge; {@code defaultScope} when the challenge names none.
     *
     * @param what for messages: what the token is needed for
     */
    synchronized String token(AuthChallenge challenge, String defaultScope, String registry, String what,
                              Fetcher fetcher) throws IOException {
        String realm = challenge.param("realm").orElseThrow(() -> new PharosException(
                PharosException.Kind.UNAUTHENTICATED, what + ": bearer challenge without a realm from " + registry));
        String scope = challenge.param("scope").orElse(defaultScope);
        Optional<String> service = challenge.param("service");
        String key = realm + " " + service.orElse("") + " " + scope;
        Token cached = cache.get(key);
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached.value();
        }
        List<String> query = new ArrayList<>();
        service.ifPresent(s -> query.add("service=" + URLEncoder.encode(s, StandardCharsets.UTF_8)));
        query.add("scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI uri;
        try {
            uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + String.join("&", query));
        } catch (IllegalArgumentException e) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED, what + ": invalid token realm from "
                    + registry, e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(fetcher.get(uri, "token for " + scope));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED, what + ": the token realm of "
                    + registry + " answered no JSON", e);
        }
        String value = text(json, "token").or(() -> text(json, "access_token"))
                .orElseThrow(() -> new PharosException(PharosException.Kind.UNAUTHENTICATED, what
                        + ": the token realm of " + registry + " answered without token or access_token"));
        long lifetime = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? json.path("expires_in").asLong() : DEFAULT_LIFETIME.toSeconds();
        // Renew a little early so a token does not expire between our check and the registry's.
        cache.put(key, new Token(value, Instant.now().plusSeconds(lifetime - Math.min(10, lifetime / 2))));
        return value;
    }

    private static Optional<String> text(JsonNode json, String field) {
        return Optional.ofNullable(json.path(field).textValue()).filter(t -> !t.isEmpty());
    }
}
