package dev.pharos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real registry, a real push with skopeo, and the registry's real notifications. */
class DistributionRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received notification event (the registry batches them as {"events":[...]}) with its request headers. */
    record Notice(JsonNode event, String contentType, String authorization) {
        String action() {
            return event.path("action").asText();
        }

        String mediaType() {
            return event.path("target").path("mediaType").asText();
        }

        String digest() {
            return event.path("target").path("digest").asText();
        }
    }

    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @TempDir
    Path dir;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                JsonNode batch = JSON.readTree(exchange.getRequestBody());
                for (JsonNode event : batch.path("events")) {
                    notices.add(new Notice(event, exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("Authorization")));
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void pushOfABuiltImageIsNotifiedWithItsDigestAndBlobs() throws IOException {
        Peers.require(DistributionRegistry.available(), "docker-registry (CNCF distribution) not installed");
        Peers.require(Skopeo.available(), "skopeo not installed");
        Path layout = dir.resolve("layout");
        String digest = OciImageBuilder.image().layer(OciImageBuilderTest.BASE).layer(OciImageBuilderTest.APP)
                .tag("v1").writeTo(layout);
        URI notify = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/registry");

        try (DistributionRegistry registry = DistributionRegistry.start(notify, Map.of("Authorization", "Bearer s3cret"))) {
            assertThat(registry.hostPort()).startsWith("127.0.0.1:");
            String ref = registry.hostPort() + "/team/app:v1";
            Skopeo.copy(layout, "v1", ref);

            await().atMost(Duration.ofSeconds(20)).until(() -> notices.stream()
                    .anyMatch(n -> n.action().equals("push") && n.mediaType().equals(OciImageBuilder.MANIFEST_TYPE)));
            Notice manifest = notices.stream()
                    .filter(n -> n.action().equals("push") && n.mediaType().equals(OciImageBuilder.MANIFEST_TYPE))
                    .findFirst().orElseThrow();
            assertThat(manifest.digest()).isEqualTo(digest);
            assertThat(manifest.event().path("target").path("repository").asText()).isEqualTo("team/app");
            assertThat(manifest.event().path("target").path("tag").asText()).isEqualTo("v1");
            assertThat(manifest.contentType()).isEqualTo("application/vnd.docker.distribution.events.v1+json");
            assertThat(manifest.authorization()).isEqualTo("Bearer s3cret");
            // Two layers and the config: blob pushes are notified too (ignoredmediatypes is empty).
            assertThat(notices).filteredOn(n -> n.action().equals("push")
                    && n.mediaType().equals("application/octet-stream")).hasSizeGreaterThanOrEqualTo(3);

            // What the registry serves is byte for byte what we built, and skopeo copies it back out.
            assertThat(OciImageBuilder.sha256(Skopeo.inspectRaw(ref).getBytes(StandardCharsets.UTF_8))).isEqualTo(digest);
            Path back = dir.resolve("back");
            Skopeo.copyToLayout(ref, back, "copied");
            JsonNode index = JSON.readTree(back.resolve("index.json").toFile());
            assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(digest);
            JsonNode pulled = JSON.readTree(OciImageBuilderTest.blob(back, digest));
            byte[] baseLayer = OciImageBuilderTest.blob(back, pulled.path("layers").get(0).path("digest").asText());
            assertThat(OciImageBuilderTest.entries(baseLayer)).containsKey("etc/os-release");
            // Pulls are notified too: a receiver must ignore them rather than treat them as pushes.
            await().atMost(Duration.ofSeconds(20)).until(() -> notices.stream()
                    .anyMatch(n -> n.action().equals("pull") && n.digest().equals(digest)));
        }
    }

    @Test
    void aStoppedRegistryComesBackOnItsPortWithItsContentAndNotifications() {
        Peers.require(DistributionRegistry.available(), "docker-registry (CNCF distribution) not installed");
        Peers.require(Skopeo.available(), "skopeo not installed");
        Path layout = dir.resolve("layout");
        String digest = OciImageBuilder.image().layer(OciImageBuilderTest.BASE).tag("v1").writeTo(layout);
        URI notify = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/registry");

        try (DistributionRegistry registry = DistributionRegistry.start(notify, Map.of())) {
            Peers.require(registry.restartable(), "registry runs in a container (not restartable on its port)");
            Skopeo.copy(layout, "v1", registry.hostPort() + "/chaos/app:v1");
            String before = Skopeo.inspectRaw(registry.hostPort() + "/chaos/app:v1");
            URI base = URI.create("http://" + registry.hostPort() + "/v2/");

            registry.stop();
            assertThat(Peers.httpStatus(base)).isEqualTo(-1);
            registry.start();

            assertThat(Peers.httpStatus(base)).isEqualTo(200);
            assertThat(Skopeo.inspectRaw(registry.hostPort() + "/chaos/app@" + digest)).isEqualTo(before);
            Skopeo.copy(layout, "v1", registry.hostPort() + "/chaos/app:v2");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notices)
                    .filteredOn(n -> n.action().equals("push") && n.event().path("target").path("tag").asText()
                            .equals("v2")).isNotEmpty());
        }
    }
}
