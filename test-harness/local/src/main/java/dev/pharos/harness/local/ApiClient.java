package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few calls of the api's REST v1 that pharos-local, the end-to-end tests and the pipeline bench make (see
 * {@code functions/api/README.md}). Any answer other than the expected status is an error naming status and body.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /**
     * {@code POST /api/v1/scans?wait=...}: the scan once completed or failed (200), or as queued or running when
     * {@code wait} ran out (202).
     */
    public JsonNode requestScan(String image, Duration wait) {
        String body = JSON.createObjectNode().put("image", image).toString();
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/scans?wait=" + wait.toSeconds() + "s"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 200, 202);
    }

    public JsonNode scan(String id) {
        return get("/api/v1/scans/" + id);
    }

    /** Polls {@code GET /api/v1/scans/{id}} until the scan completed or failed; the last answer at the deadline. */
    public JsonNode awaitScan(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode scan = scan(id);
        while (!finished(scan) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for scan " + id, e);
            }
            scan = scan(id);
        }
        return scan;
    }

    public static boolean finished(JsonNode scan) {
        String status = scan.path("status").asText();
        return status.equals("completed") || status.equals("failed");
    }

    /** {@code GET /api/v1/images/{digest}}: the image, its layers, packages and open findings. */
    public JsonNode image(String digest) {
        return get("/api/v1/images/" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    }

    public JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET(), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int... expected) {
        HttpRequest built = request.timeout(Duration.ofMinutes(3)).header("Accept", "application/json").build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return JSON.readTree(response.body());
                }
            }
            throw new IllegalStateException(built.method() + " " + built.uri() + " answered " + response.statusCode()
                    + ": " + response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + built.uri(), e);
        }
    }
}
