package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP to one repository of one registry (distribution-spec {@code spec.md}; Docker Registry HTTP API v2): GETs with
 * bounded retries, redirects followed by hand so every hop passes the {@link HostPolicy} and the registry's
 * {@code Authorization} never leaves its origin, and the auth flows answered on a 401: Basic, or the bearer token
 * flow of distribution's {@code docs/spec/auth/token.md} (token from the challenge's realm, cached per scope until
 * it expires).
 */
final class RegistryClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 << 10;
    private static final int MAX_TOKEN_BODY = 1 << 20;
    /** token.md: "expires_in ... If omitted, a default of 60 seconds should be assumed." */
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(60);

    private final HttpClient http;
    private final RegistryOptions options;
    private final HostPolicy policy;
    private final ImageReference reference;
    private final CredentialProvider provider;
    private URI base;
    private final Map<String, Token> tokens = new HashMap<>();
    private RegistryCredentials credentials;
    private Optional<String> authorization = Optional.empty();

    private record Token(String value, Instant expires) {
    }

    RegistryClient(ImageReference reference, RegistryOptions options, CredentialProvider provider) {
        this.reference = reference;
        this.options = options;
        this.provider = provider;
        this.policy = new HostPolicy(options);
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.requestTimeout())
                .build();
    }

    /** GET {@code /v2/<name>/<path>}; answers only a 200, else throws a {@link PharosException} saying why. */
    synchronized HttpResponse<InputStream> get(String path, String accept, String what) throws IOException {
        if (base == null) {
            // Decided on first use, not in the constructor: it resolves the host, which may fail or be forbidden.
            base = URI.create(policy.schemeFor(reference.apiHost()) + "://" + reference.apiHost() + "/v2/"
                    + reference.repository() + "/");
        }
        return execute(base.resolve(path), accept, what, true);
    }

    /** Reads a body, failing with LIMIT_EXCEEDED as soon as it is longer than {@code max} (not after). */
    static byte[] readBounded(HttpResponse<InputStream> response, long max, String what, String limitName)
            throws IOException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream in = response.body()) {
            if (declared > max) {
                throw tooLarge(what, limitName, max, declared + " bytes declared");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (out.size() + (long) n > max) {
                    throw tooLarge(what, limitName, max, "more than that sent");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static PharosException tooLarge(String what, String limitName, long max, String seen) {
        return new PharosException(PharosException.Kind.LIMIT_EXCEEDED, what + " exceeds " + limitName + " ("
                + max + " bytes): " + seen);
    }

    private HttpResponse<InputStream> execute(URI uri, String accept, String what, boolean registryAuth)
            throws IOException {
        RetryPolicy retry = options.retry();
        boolean challengeAnswered = false;
        String lastFailure = "no attempt";
        int attempt = 0;
        while (attempt < retry.maxAttempts()) {
            attempt++;
            HttpResponse<InputStream> response;
            try {
                response = follow(uri, accept, registryAuth ? authorization : tokenAuthorization());
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) {
                    throw e;
                }
                lastFailure = "connection failed: " + e;
                pause(retry.backoff(attempt), attempt, retry);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            String errors = errors(response);
            if (status == 401 && registryAuth && !challengeAnswered) {
                challengeAnswered = true;
                if (answer(response.headers().firstValue("WWW-Authenticate"), what)) {
                    attempt--; // an auth round trip is not a failed attempt
                    continue;
                }
            }
            if (status == 401 || status == 403) {
                throw new PharosException(PharosException.Kind.UNAUTHENTICATED, what + ": " + reference.registry()
                        + " answered " + status + " " + errors + credentialsNote());
            }
            if (status == 404) {
                throw new PharosException(PharosException.Kind.NOT_FOUND, what + " not found: "
                        + reference.registry() + " answered 404 " + errors);
            }
            if (status == 429 || status >= 500) {
                lastFailure = "status " + status + " " + errors;
                Optional<Duration> asked = retryAfter(response);
                pause(asked.isPresent() ? retry.honour(asked.get()) : retry.backoff(attempt), attempt, retry);
                continue;
            }
            throw new PharosException(PharosException.Kind.UNAVAILABLE, what + ": " + reference.registry()
                    + " answered unexpected status " + status + " " + errors);
        }
        throw new PharosException(PharosException.Kind.UNAVAILABLE, what + " failed after " + retry.maxAttempts()
                + " attempts; last: " + lastFailure);
    }

    private String credentialsNote() {
        return credentials instanceof RegistryCredentials.Basic basic ? " (as " + basic.username() + ")"
                : " (anonymously)";
    }

    /** Sends, following redirects; the Authorization header goes only to the origin it was issued for. */
    private HttpResponse<InputStream> follow(URI uri, String accept, Optional<String> auth) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            policy.check(current);
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET()
                    .timeout(options.requestTimeout())
                    .header("Accept", accept);
            if (auth.isPresent() && sameOrigin(uri, current)) {
                request.header("Authorization", auth.get());
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while fetching " + current);
            }
            if (!REDIRECTS.contains(response.statusCode())) {
                return response;
            }
            response.body().close();
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                throw new PharosException(PharosException.Kind.UNAVAILABLE, current + " redirected without a Location");
            }
            try {
                current = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new PharosException(PharosException.Kind.UNAVAILABLE, current
                        + " redirected to an invalid Location", e);
            }
        }
        throw new PharosException(PharosException.Kind.UNAVAILABLE, uri + " redirected more than " + MAX_REDIRECTS
                + " times");
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Sets {@link #authorization} for a challenge; false when we have nothing to answer it with. */
    private boolean answer(Optional<String> header, String what) throws IOException {
        Optional<AuthChallenge> challenge = header.flatMap(AuthChallenge::parse);
        if (challenge.isEmpty()) {
            return false;
        }
        RegistryCredentials creds = credentials();
        switch (challenge.get().scheme()) {
            case "basic" -> {
                if (!(creds instanceof RegistryCredentials.Basic basic)) {
                    return false;
                }
                authorization = Optional.of(basic.header());
                return true;
            }
            case "bearer" -> {
                authorization = Optional.of("Bearer " + token(challenge.get(), what));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private RegistryCredentials credentials() throws IOException {
        if (credentials == null) {
            credentials = Objects.requireNonNull(provider.credentials(reference.registry()), "credentials");
        }
        return credentials;
    }

    private Optional<String> tokenAuthorization() {
        return credentials instanceof RegistryCredentials.Basic basic ? Optional.of(basic.header()) : Optional.empty();
    }

    /** token.md: GET realm?service=&scope= with our Basic credentials (or none), answer {@code token}. */
    private String token(AuthChallenge challenge, String what) throws IOException {
        String realm = challenge.param("realm").orElseThrow(() -> new PharosException(
                PharosException.Kind.UNAUTHENTICATED, what + ": bearer challenge without a realm from "
                + reference.registry()));
        String scope = challenge.param("scope").orElse("repository:" + reference.repository() + ":pull");
        Optional<String> service = challenge.param("service");
        String key = realm + " " + service.orElse("") + " " + scope;
        Token cached = tokens.get(key);
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
                    + reference.registry(), e);
        }
        byte[] body = readBounded(execute(uri, "application/json", "token for " + scope, false), MAX_TOKEN_BODY,
                "token response", "the token response bound");
        JsonNode json = JSON.readTree(body);
        String value = Optional.ofNullable(json.path("token").textValue()).filter(t -> !t.isEmpty())
                .or(() -> Optional.ofNullable(json.path("access_token").textValue()).filter(t -> !t.isEmpty()))
                .orElseThrow(() -> new PharosException(PharosException.Kind.UNAUTHENTICATED, what
                        + ": the token realm answered without token or access_token"));
        long lifetime = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? json.path("expires_in").asLong() : DEFAULT_TOKEN_LIFETIME.toSeconds();
        // Renew a little early so a token does not expire between our check and the registry's.
        tokens.put(key, new Token(value, Instant.now().plusSeconds(lifetime).minusSeconds(Math.min(10, lifetime / 2))));
        return value;
    }

    /** The registry's error messages (spec.md "Error Codes": {"errors":[{code, message, detail}]}). */
    private static String errors(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return "(no readable body)";
        }
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            List<String> messages = new ArrayList<>();
            for (JsonNode error : errors) {
                messages.add(error.path("code").asText("?") + ": " + error.path("message").asText(""));
            }
            if (!messages.isEmpty()) {
                return messages.toString();
            }
        } catch (IOException | RuntimeException e) {
            // not the registry's JSON error format: fall through to the text
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "" : "(" + text.replaceAll("\\s+", " ") + ")";
    }

    /** RFC 9110 section 10.2.3: delay-seconds or an HTTP-date. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static void pause(Duration delay, int attempt, RetryPolicy retry) throws InterruptedIOException {
        if (attempt >= retry.maxAttempts()) {
            return; // no retry follows: do not wait for nothing
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while backing off");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
