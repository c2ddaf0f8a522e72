package dev.pharos.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.CapturingSink;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static dev.pharos.intake.Deliveries.distributionEnvelope;
import static dev.pharos.intake.Deliveries.postToRegistryEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Delivery semantics through HTTP: one event per manifest push, replays and broker outages lose and double nothing. */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class WebhookDeliveryTest {
    private static final String DIGEST = "sha256:" + "4f".repeat(32);

    private final CapturingSink sink = IntakeTestResource.sink();

    @AfterEach
    void noSchemaViolations() {
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void aPushEnvelopeEmitsOneImagePushedForTheManifestAndIgnoresTheBlob() throws IOException {
        String repository = Deliveries.unique("team/app");
        postToRegistryEndpoint(distributionEnvelope(UUID.randomUUID().toString(), repository, "1.0", DIGEST))
                .statusCode(200).body("emitted", equalTo(1)).body("ignored", equalTo(1));

        List<CloudEvent> events = eventsFor(repository);
        assertThat(events).hasSize(1);
        CloudEvent event = events.getFirst();
        assertThat(event.getType()).isEqualTo(EventTypes.IMAGE_PUSHED);
        assertThat(event.getSource()).hasToString("/pharos/intake/registry");
        assertThat(event.getSubject()).isEqualTo("127.0.0.1:5000/" + repository + ":1.0@" + DIGEST);
        assertThat(event.getExtension(EventTypes.CORRELATION_ID)).isNotNull();
        JsonNode data = new ObjectMapper().readTree(event.getData().toBytes());
        assertThat(data.get("registry").asText()).isEqualTo("127.0.0.1:5000");
        assertThat(data.get("repository").asText()).isEqualTo(repository);
        assertThat(data.get("tag").asText()).isEqualTo("1.0");
        assertThat(data.get("digest").asText()).isEqualTo(DIGEST);
        assertThat(data.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(data.get("pushedAt").asText()).isEqualTo("2026-11-23T09:15:30.123456789Z");
        assertThat(data.get("source").asText()).isEqualTo("distribution");
        assertThat(data.get("actor").asText()).isEqualTo("ci-bot");
    }

    @Test
    void aReplayedDeliveryEmitsNothingNew() {
        String repository = Deliveries.unique("team/replay");
        String envelope = distributionEnvelope(UUID.randomUUID().toString(), repository, "1.0", DIGEST);
        postToRegistryEndpoint(envelope).statusCode(200).body("emitted", equalTo(1));
        postToRegistryEndpoint(envelope).statusCode(200).body("emitted", equalTo(0)).body("duplicates", equalTo(1));
        postToRegistryEndpoint(envelope).statusCode(200).body("emitted", equalTo(0));
        assertThat(eventsFor(repository)).hasSize(1);
    }

    @Test
    void aBrokerOutageAnswers503AndTheRetryEmitsExactlyOnce() {
        String repository = Deliveries.unique("team/outage");
        String envelope = distributionEnvelope(UUID.randomUUID().toString(), repository, "1.0", DIGEST);
        sink.failNext(1, 503);
        postToRegistryEndpoint(envelope).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", org.hamcrest.Matchers.containsString("503"));
        assertThat(eventsFor(repository)).isEmpty();

        postToRegistryEndpoint(envelope).statusCode(200).body("emitted", equalTo(1));
        assertThat(eventsFor(repository)).hasSize(1);
    }

    @Test
    void whenTheBrokerTakesPartOfADeliveryTheRetryEmitsOnlyTheRest() {
        String repository = Deliveries.unique("team/partial");
        String first = distributionEnvelope(UUID.randomUUID().toString(), repository, "1.0", DIGEST);
        String second = distributionEnvelope(UUID.randomUUID().toString(), repository, "2.0", DIGEST);
        String both = first.substring(0, first.lastIndexOf(']')) + "," + second.substring(second.indexOf('[') + 1);

        sink.failNext(1, 500);
        postToRegistryEndpoint(both).statusCode(503);
        assertThat(eventsFor(repository)).hasSize(1);

        postToRegistryEndpoint(both).statusCode(200).body("emitted", equalTo(1)).body("duplicates", equalTo(1));
        assertThat(eventsFor(repository)).extracting(CloudEvent::getSubject)
                .containsExactlyInAnyOrder("127.0.0.1:5000/" + repository + ":1.0@" + DIGEST,
                        "127.0.0.1:5000/" + repository + ":2.0@" + DIGEST);
    }

    @Test
    void aManifestDeleteBecomesImageDeleted() {
        String repository = Deliveries.unique("team/gone");
        String envelope = """
                {"events":[{"id":"%s","timestamp":"2026-11-23T10:00:00Z","action":"delete",
                 "target":{"digest":"%s","repository":"%s"},
                 "request":{"id":"r","addr":"a","host":"127.0.0.1:5000","method":"DELETE","useragent":"curl"},
                 "actor":{},"source":{"addr":"h","instanceID":"i"}}]}"""
                .formatted(UUID.randomUUID(), DIGEST, repository);
        postToRegistryEndpoint(envelope).statusCode(200).body("emitted", equalTo(1));
        assertThat(eventsFor(repository)).singleElement()
                .satisfies(event -> assertThat(event.getType()).isEqualTo(EventTypes.IMAGE_DELETED));
    }

    private List<CloudEvent> eventsFor(String repository) {
        return Deliveries.eventsFor(sink, repository);
    }
}
