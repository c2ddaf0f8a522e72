package dev.pharos.harness;

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
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator set up the way Google documents for Java clients: plaintext channel, no credentials. */
class PubSubEmulatorTest {

    @Test
    void publishAndPullThroughTheEmulator() throws Exception {
        Peers.require(PubSubEmulator.available(), "Pub/Sub emulator (Google Cloud SDK) not installed");
        try (PubSubEmulator emulator = PubSubEmulator.start()) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(emulator.hostPort()).usePlaintext().build();
            try {
                TransportChannelProvider channels =
                        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
                CredentialsProvider credentials = NoCredentialsProvider.create();
                TopicName topic = TopicName.of(emulator.projectId(), "gcr");
                SubscriptionName subscription = SubscriptionName.of(emulator.projectId(), "pharos-intake");

                try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                        .setTransportChannelProvider(channels).setCredentialsProvider(credentials).build());
                     SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(
                             SubscriptionAdminSettings.newBuilder().setTransportChannelProvider(channels)
                                     .setCredentialsProvider(credentials).build())) {
                    topics.createTopic(topic);
                    subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 10);

                    Publisher publisher = Publisher.newBuilder(topic).setChannelProvider(channels)
                            .setCredentialsProvider(credentials).build();
                    String data = "{\"action\":\"INSERT\",\"digest\":\"gcr.io/p/app@sha256:abc\"}";
                    String messageId = publisher.publish(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFromUtf8(data)).putAttributes("origin", "test").build()).get();
                    publisher.shutdown();
                    publisher.awaitTermination(10, TimeUnit.SECONDS);

                    PullResponse pulled = subscriptions.pull(subscription, 10);
                    List<ReceivedMessage> messages = pulled.getReceivedMessagesList();
                    assertThat(messages).hasSize(1);
                    assertThat(messages.get(0).getMessage().getMessageId()).isEqualTo(messageId);
                    assertThat(messages.get(0).getMessage().getData().toStringUtf8()).isEqualTo(data);
                    assertThat(messages.get(0).getMessage().getAttributesMap()).containsEntry("origin", "test");
                    subscriptions.acknowledge(subscription, List.of(messages.get(0).getAckId()));
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
