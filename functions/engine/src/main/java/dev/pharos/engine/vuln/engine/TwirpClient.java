package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Twirp's JSON protocol (Twirp wire protocol v7): {@code POST <prefix>/<package>.<Service>/<Method>} with
 * {@code Content-Type: application/json}; 200 carries the response message, any other status a Twirp error
 * {@code {"code": ..., "msg": ...}}. Each call, headers and body, must finish within the timeout.
 */
final class TwirpClient {
    /** Trivy server's authentication header ({@code trivy server --token}, {@code --token-header} default). */
    static final String TOKEN_HEADER = "Trivy-Token";

    private final String engine;
    private final URI server;
    private final Optional<String> token;
    private final Duration timeout;
    private final long maxRequestBytes;
    private final long maxResponseBytes;
    private final ObjectMapper json;
    private final HttpClient http;

    TwirpClient(String engine, TrivyServerEngine.Config config, ObjectMapper json) {
        this.engine = engine;
        // Appended, not resolved: a server behind a path prefix (https://proxy/trivy) keeps its prefix.
        this.server = URI.create(config.server().toString().replaceAll("/+$", "") + "/twirp/");
        this.token = config.token();
        this.timeout = config.timeout();
        this.maxRequestBytes = config.maxRequestBytes();
        this.maxResponseBytes = config.maxResponseBytes();
        this.json = json;
        // HTTP/1.1: Trivy's server speaks it on plain HTTP; the JDK's default would first try an h2c upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    JsonNode call(String method, JsonNode message) {
        byte[] body = toBytes(message);
        if (body.length > maxRequestBytes) {
            throw EngineFailure.of(PharosException.Kind.LIMIT_EXCEEDED, engine, method + " request of "
                    + body.length + " bytes exceeds the limit of " + maxRequestBytes + " bytes");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(value -> request.header(TOKEN_HEADER, value));
        HttpResponse<byte[]> response = send(method, request.build());
        if (response.statusCode() != 200) {
            throw error(method, response);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw EngineFailure.of(PharosException.Kind.INTERNAL, engine, method + " answered 200 with a body that is"
                    + " not JSON: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> send(String method, HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new BoundedBody(maxResponseBytes));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, method + " timed out after " + timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, method + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BoundedBody.TooLarge) {
                throw EngineFailure.of(PharosException.Kind.LIMIT_EXCEEDED, engine, method + " "
                        + cause.getMessage(), cause);
            }
            String what = cause instanceof ConnectException ? "cannot connect to " + server.getAuthority()
                    : cause instanceof java.net.http.HttpTimeoutException ? "timed out after " + timeout
                    : "failed: " + cause;
            throw EngineFailure.of(PharosException.Kind.UNAVAILABLE, engine, method + " " + what, cause);
        }
    }

    /**
     * Twirp's status mapping (wire protocol, error codes): 5xx, 408 and 429 are the peer's trouble and may pass;
     * 401/403 mean our token is wrong; 404/501 mean the server is not a Trivy server or lacks the method; anything
     * else is a request it will never accept.
     */
    private PharosException error(String method, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String detail = twirpError(response.body());
        String message = method + " answered HTTP " + status + ": " + detail;
        PharosException.Kind kind;
        if (status >= 500 && status != 501 || status == 408 || status == 429) {
            kind = PharosException.Kind.UNAVAILABLE;
        } else if (status == 401 || status == 403) {
            kind = PharosException.Kind.INVALID_CONFIG;
            message += token.isPresent() ? " (the configured Trivy token was refused)" : " (no Trivy token configured)";
        } else if (status == 404 || status == 501) {
            kind = PharosException.Kind.UNSUPPORTED;
        } else {
            kind = PharosException.Kind.INTERNAL;
        }
        return EngineFailure.of(kind, engine, message);
    }

    private String twirpError(byte[] body) {
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("code")) {
                return error.path("code").asText() + ": " + EngineFailure.tail(error.path("msg").asText());
            }
        } catch (IOException e) {
            // Not a Twirp error: a proxy's page, say. Its text is the best detail there is.
        }
        return EngineFailure.tail(new String(body, StandardCharsets.UTF_8));
    }

    private byte[] toBytes(JsonNode message) {
        try {
            return json.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("JSON tree did not serialise", e);
        }
    }
}
