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

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

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

            assertThat(PharosLocal.postRecordedNotification(platform).statusCode()).isEqualTo(200);
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
}
