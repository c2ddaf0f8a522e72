package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OCI image layout served read-only on 127.0.0.1 under one repository name, with the pull half of the OCI
 * distribution spec: {@code GET /v2/}, {@code GET|HEAD /v2/<name>/manifests/<tag|digest>} (a tag is an
 * {@code org.opencontainers.image.ref.name} of the layout's index.json) and {@code GET|HEAD /v2/<name>/blobs/<digest>}.
 * pharos-local's stand-in when no {@code docker-registry} is installed: the scanner pulls from it like from any
 * registry, but nothing notifies intake, so the scan is requested through the api.
 */
public final class LayoutRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/v2/(.+)/(manifests|blobs)/([^/]+)");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Path layout;
    private final String repository;
    private final HttpServer server;

    private LayoutRegistry(Path layout, String repository) {
        this.layout = layout;
        this.repository = repository;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the layout registry", e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v2/", this::handle);
        server.start();
    }

    public static LayoutRegistry serve(Path layout, String repository) {
        return new LayoutRegistry(layout, repository);
    }

    /** {@code 127.0.0.1:<port>/<repository>:<tag>}, a reference the scanner can pull. */
    public String reference(String tag) {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + repository + ":" + tag;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                error(exchange, 405, "UNSUPPORTED", "this registry is read-only");
                return;
            }
            if (path.equals("/v2/")) {
                send(exchange, method, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Optional.empty());
                return;
            }
            Matcher route = PATH.matcher(path);
            if (!route.matches() || !route.group(1).equals(repository)) {
                error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
                return;
            }
            boolean manifest = route.group(2).equals("manifests");
            Optional<JsonNode> descriptor = manifest ? descriptor(route.group(3)) : Optional.empty();
            String digest = descriptor.map(d -> d.path("digest").asText()).orElse(route.group(3));
            Path blob = layout.resolve("blobs/sha256").resolve(digest.substring(digest.indexOf(':') + 1));
            if (!DIGEST.matcher(digest).matches() || !Files.isRegularFile(blob)) {
                error(exchange, 404, manifest ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN", digest + " unknown");
                return;
            }
            byte[] bytes = Files.readAllBytes(blob);
            String type = manifest ? descriptor.map(d -> d.path("mediaType").asText())
                    .orElseGet(() -> mediaTypeOf(bytes)) : "application/octet-stream";
            send(exchange, method, type, bytes, Optional.of(digest));
        }
    }

    /** The index.json entry a tag names, or the one with that digest. */
    private Optional<JsonNode> descriptor(String reference) throws IOException {
        for (JsonNode entry : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (reference.equals(entry.path("digest").asText())
                    || reference.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static String mediaTypeOf(byte[] manifest) {
        try {
            return JSON.readTree(manifest).path("mediaType").asText("application/vnd.oci.image.manifest.v1+json");
        } catch (IOException notJson) {
            return "application/octet-stream";
        }
    }

    private static void send(HttpExchange exchange, String method, String type, byte[] body, Optional<String> digest)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        digest.ifPresent(d -> exchange.getResponseHeaders().set("Docker-Content-Digest", d));
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** distribution-spec's error body: {@code {"errors":[{"code","message"}]}}. */
    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = JSON.createObjectNode().set("errors", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("code", code).put("message", message))).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
