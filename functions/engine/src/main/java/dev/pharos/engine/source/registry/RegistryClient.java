package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP to one repository of one registry (distribution-spec {@code spec.md}; Docker Registry HTTP API v2): GETs with
 * bounded retries, redirects followed by hand so every hop passes the {@link HostPolicy} and the registry's
 * {@code Authorization} never leaves its origin, and a 401 challenge answered with Basic credentials or a bearer
 * token ({@link BearerTokens}).
 */
final class RegistryClient implements AutoCloseable {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_TOKEN_BODY = 1 << 20;

    private final HttpClient http;
    private final RegistryOptions options;
    private final HostPolicy policy;
    private final ImageReference reference;
    private final CredentialProvider provider;
    private final BearerTokens tokens = new BearerTokens();
    private URI base;
    private RegistryCredentials credentials;
    private Optional<String> authorization = Optional.empty();

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

    /**
     * One logical GET: retried on connection errors, 429 and 5xx; a first 401 answered by authenticating (not
     * counted as an attempt). {@code registryAuth} false is a token realm request, which carries our Basic
     * credentials instead.
     */
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
                response = follow(uri, accept, registryAuth ? authorization : basicAuthorization());
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                lastFailure = "connection failed: " + e;
                pause(retry.backoff(attempt), attempt, retry);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                return response;
            }
            String errors = RegistryResponses.errors(response);
            // Only the registry itself may ask for credentials: a 401 from a redirect target (blob storage, a CDN)
            // would otherwise get the registry's password sent to its realm.
            if (status == 401 && registryAuth && !challengeAnswered && sameOrigin(uri, response.uri())) {
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
                Optional<Duration> asked = RegistryResponses.retryAfter(response);
                pause(asked.isPresent() ? retry.honour(asked.get()) : retry.backoff(attempt), attempt, retry);
                continue;
            }
            throw new PharosException(PharosException.Kind.UNAVAILABLE, what + ": " + reference.registry()
                    + " answered unexpected status " + status + " " + errors);
        }
        throw new PharosException(PharosException.Kind.UNAVAILABLE, what + " failed after " + retry.maxAttempts()
                + " attempts; last: " + lastFailure);
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
                String token = tokens.token(challenge.get(), "repository:" + reference.repository() + ":pull",
                        reference.registry(), what, (uri, tokenWhat) -> RegistryResponses.readBounded(
                                execute(uri, "application/json", tokenWhat, false), MAX_TOKEN_BODY,
                                tokenWhat, "the token response bound"));
                authorization = Optional.of("Bearer " + token);
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

    private Optional<String> basicAuthorization() {
        return credentials instanceof RegistryCredentials.Basic basic ? Optional.of(basic.header()) : Optional.empty();
    }

    private String credentialsNote() {
        return credentials instanceof RegistryCredentials.Basic basic ? " (as " + basic.username() + ")"
                : " (anonymously)";
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
