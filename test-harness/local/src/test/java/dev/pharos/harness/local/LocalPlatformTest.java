package dev.pharos.harness.local;

import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.EventSchemas;
import dev.pharos.harness.Peers;
import dev.pharos.harness.broker.DeliveryRecord;
import dev.pharos.harness.broker.LocalBroker;
import dev.pharos.harness.broker.ServiceRegistry;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local platform end to end: intake as its own process, emitting to the local broker configured from the
 * repository's {@code eventing/}, which delivers to whatever is registered as {@code pharos-scanner} (here a
 * capturing sink standing in for the scanner).
 */
class LocalPlatformTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aRegistryPushReachesTheScannersTriggerThroughIntakeAndTheBroker() throws Exception {
        Peers.require(Files.isRegularFile(Peers.repoRoot().resolve("functions/intake/target/quarkus-app/quarkus-run.jar")),
                "functions/intake is not packaged (./mvnw -pl functions/intake -am -DskipTests install)");
        ServiceRegistry services = new ServiceRegistry();
        LocalBroker.Settings settings = LocalBroker.Settings.defaults().withSchemas(EventSchemas.fromRepo());
        try (CapturingSink scanner = CapturingSink.start();
             LocalBroker broker = LocalBroker.start(Peers.repoRoot().resolve("eventing"), services, settings);
             LocalPlatform platform = LocalPlatform.start(broker.uri(), services, List.of("-Xmx256m"))) {
            services.register("pharos-scanner", scanner.uri());
            assertThat(services.address(LocalPlatform.INTAKE)).contains(platform.intake().baseUri().resolve("/"));

            assertThat(postRecordedNotification(platform).statusCode()).isEqualTo(200);
            CloudEvent delivered = scanner.awaitEvents(1, TIMEOUT).getFirst();
            broker.awaitQuiet(TIMEOUT);

            assertThat(delivered.getType()).isEqualTo(EventTypes.IMAGE_PUSHED);
            assertThat(delivered.getExtension("knativearrivaltime")).isNotNull();
            assertThat(delivered.getExtension(EventTypes.CORRELATION_ID)).isNotNull();
            assertThat(broker.deliveries()).singleElement().satisfies(record -> {
                assertThat(record.trigger()).isEqualTo("pharos-scanner-image-pushed");
                assertThat(record.attempts()).containsExactly("202");
                assertThat(record.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
            });
            assertThat(broker.schemaViolations()).isEmpty();
            assertThat(scanner.schemaViolations()).isEmpty();
            // The database intake migrated takes the demo advisories, as pharos-local loads them for the scanner.
            assertThat(platform.importAdvisories(DemoAdvisories.directory()).inserted()).isEqualTo(12);
        }
        assertThat(services.address(LocalPlatform.INTAKE)).isEmpty();
    }

    /** Posts a distribution registry's push notification, as recorded, to intake's endpoint. */
    private static HttpResponse<String> postRecordedNotification(LocalPlatform platform)
            throws IOException, InterruptedException {
        String envelope = """
                {"events":[{"id":"%s","timestamp":"%s","action":"push",
                 "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,
                  "digest":"sha256:%s","length":400,"repository":"demo/hello",
                  "url":"http://127.0.0.1:5000/v2/demo/hello/manifests/1.0","tag":"1.0"},
                 "request":{"id":"r","addr":"127.0.0.1","host":"127.0.0.1:5000","method":"PUT","useragent":"demo"},
                 "actor":{},"source":{"addr":"localhost:5000","instanceID":"demo"}}]}"""
                .formatted(UUID.randomUUID(), Instant.now(), "d3".repeat(32));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.webhook())
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer " + platform.token())
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
