package dev.pharos.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real push: skopeo copies an image into a real distribution registry whose notifications point at intake. The
 * registry notifies every blob before the manifest; exactly one image.pushed must come out, for the manifest.
 */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class RegistryPushTest {
    @TestHTTPResource("/webhooks/registry")
    URI hook;

    private final CapturingSink sink = IntakeTestResource.sink();

    @Test
    void aSkopeoPushYieldsExactlyOneImagePushedWithTheManifestDigest(@TempDir Path work) throws IOException {
        Peers.require(Skopeo.available(), "skopeo is not installed (apt-get install skopeo)");
        double ignoredBefore = ignoredByRegistryEndpoint();
        try (DistributionRegistry registry = DistributionRegistry.start(hook,
                Map.of("Authorization", "Bearer " + IntakeTestResource.REGISTRY_TOKEN))) {
            Path layout = work.resolve("layout");
            String digest = OciImageBuilder.image()
                    .layer(Map.of("etc/os-release", "ID=pharos\n".getBytes()))
                    .layer(Map.of("app/hello.txt", "hello from a real push\n".getBytes()))
                    .tag("1.0")
                    .writeTo(layout);
            String repository = Deliveries.unique("pharos/demo");

            Skopeo.copy(layout, "1.0", registry.hostPort() + "/" + repository + ":1.0");

            // The registry delivers an endpoint's events in order, so once the manifest event is here every blob
            // event before it has been answered too: the count below is final.
            List<CloudEvent> events = sink.awaitMatching(
                    event -> event.getSubject().contains("/" + repository + ":"), 1, Duration.ofSeconds(30));
            assertThat(events).hasSize(1);
            CloudEvent event = events.getFirst();
            assertThat(event.getType()).isEqualTo(EventTypes.IMAGE_PUSHED);
            JsonNode data = new ObjectMapper().readTree(event.getData().toBytes());
            assertThat(data.get("digest").asText()).isEqualTo(digest);
            assertThat(data.get("repository").asText()).isEqualTo(repository);
            assertThat(data.get("tag").asText()).isEqualTo("1.0");
            assertThat(data.get("registry").asText()).isEqualTo(registry.hostPort());
            assertThat(data.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
            assertThat(sink.schemaViolations()).isEmpty();
        }
        // Two layers and a config blob were pushed and notified, and ignored.
        assertThat(ignoredByRegistryEndpoint() - ignoredBefore).isGreaterThanOrEqualTo(3);
    }

    private static double ignoredByRegistryEndpoint() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("pharos_intake_events_total{")
                        && line.contains("endpoint=\"registry\"") && line.contains("result=\"ignored\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
