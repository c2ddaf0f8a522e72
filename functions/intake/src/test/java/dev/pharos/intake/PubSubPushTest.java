package dev.pharos.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.PubSubEmulator;
import io.cloudevents.CloudEvent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Pub/Sub flow: Artifact Registry publishes {action, digest, tag} to topic {@code gcr}; a push subscription
 * delivers it to intake (wrapped, with the token in the push URL as operators configure it); the event comes out.
 */
@QuarkusTest
@QuarkusTestResource(IntakeTestResource.class)
class PubSubPushTest {
    private static final String DIGEST = "sha256:" + "9c".repeat(32);

    @TestHTTPResource("/webhooks/gcr")
    URI hook;

    private final CapturingSink sink = IntakeTestResource.sink();

    @Test
    void aGcrMessageOnTheEmulatorBecomesImagePushed() throws Exception {
        String image = "us-east1-docker.pkg.dev/pharos-test/images/" + Deliveries.unique("app");
        try (PubSubEmulator emulator = PubSubEmulator.start()) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(emulator.hostPort()).usePlaintext().build();
            try {
                TransportChannelProvider transport =
                        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
                CredentialsProvider noCredentials = NoCredentialsProvider.create();
                TopicName topic = TopicName.of(emulator.projectId(), "gcr");
                try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                        .setTransportChannelProvider(transport).setCredentialsProvider(noCredentials).build());
                     SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(
                             SubscriptionAdminSettings.newBuilder().setTransportChannelProvider(transport)
                                     .setCredentialsProvider(noCredentials).build())) {
                    topics.createTopic(topic);
                    subscriptions.createSubscription(Subscription.newBuilder()
                            .setName(SubscriptionName.of(emulator.projectId(), "pharos-intake").toString())
                            .setTopic(topic.toString())
                            .setPushConfig(PushConfig.newBuilder()
                                    .setPushEndpoint(hook + "?token=" + IntakeTestResource.GCR_TOKEN))
                            .setAckDeadlineSeconds(10)
                            .build());
                }
                Publisher publisher = Publisher.newBuilder(topic).setChannelProvider(transport)
                        .setCredentialsProvider(noCredentials).build();
                try {
                    String data = "{\"action\":\"INSERT\",\"digest\":\"%s@%s\",\"tag\":\"%s:1.0\"}"
                            .formatted(image, DIGEST, image);
                    publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build())
                            .get(10, TimeUnit.SECONDS);
                } finally {
                    publisher.shutdown();
                    publisher.awaitTermination(5, TimeUnit.SECONDS);
                }
            } finally {
                channel.shutdownNow();
            }
            List<CloudEvent> events = sink.awaitMatching(
                    candidate -> candidate.getSubject().startsWith(image + ":"), 1, Duration.ofSeconds(30));
            assertThat(events).hasSize(1);
            CloudEvent event = events.getFirst();
            assertThat(event.getType()).isEqualTo(EventTypes.IMAGE_PUSHED);
            JsonNode payload = new ObjectMapper().readTree(event.getData().toBytes());
            assertThat(payload.get("registry").asText()).isEqualTo("us-east1-docker.pkg.dev");
            assertThat("us-east1-docker.pkg.dev/" + payload.get("repository").asText()).isEqualTo(image);
            assertThat(payload.get("tag").asText()).isEqualTo("1.0");
            assertThat(payload.get("digest").asText()).isEqualTo(DIGEST);
            assertThat(payload.get("source").asText()).isEqualTo("gcr");
            assertThat(sink.schemaViolations()).isEmpty();
        }
    }
}
