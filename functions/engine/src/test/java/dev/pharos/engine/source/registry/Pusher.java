package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Pushes blobs and manifests with the distribution-spec push API (monolithic upload: POST then PUT with
 * {@code digest}; PUT manifest), for what skopeo cannot do from our layouts: indexes we assemble ourselves, and
 * pushes carrying an Authorization header. Public for the end-to-end tests ({@code dev.pharos.engine.realdata}).
 */
public final class Pusher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String registry;
    private final Optional<String> authorization;

    public Pusher(String registry, Optional<String> authorization) {
        this.registry = registry;
        this.authorization = authorization;
    }

    /** Pushes the image a layout tag names (blobs, then manifest under {@code tag}); returns the manifest digest. */
    public String pushLayout(Path layout, String layoutTag, String repository, String tag) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        for (JsonNode entry : index.path("manifests")) {
            if (layoutTag.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                byte[] manifest = blob(layout, entry.path("digest").asText());
                JsonNode parsed = JSON.readTree(manifest);
                pushBlob(repository, blob(layout, parsed.path("config").path("digest").asText()));
                for (JsonNode layer : parsed.path("layers")) {
                    pushBlob(repository, blob(layout, layer.path("digest").asText()));
                }
                return pushManifest(repository, tag, entry.path("mediaType").asText(), manifest);
            }
        }
        throw new IllegalArgumentException("no tag " + layoutTag + " in " + layout);
    }

    static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs").resolve("sha256").resolve(digest.substring(7)));
    }

    String pushBlob(String repository, byte[] content) throws IOException {
        String digest = sha256(content);
        HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(started, 202);
        URI location = uri("/").resolve(started.headers().firstValue("Location").orElseThrow());
        String sep = location.getRawQuery() == null ? "?" : "&";
        expect(send(HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))), 201);
        return digest;
    }

    String pushManifest(String repository, String reference, String mediaType, byte[] manifest) throws IOException {
        expect(send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))), 201);
        return sha256(manifest);
    }

    private URI uri(String path) {
        return URI.create("http://" + registry + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
