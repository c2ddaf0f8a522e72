package dev.pharos.harness.local;

import dev.pharos.harness.Peers;
import dev.pharos.harness.broker.DeliveryRecord;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** What the end-to-end test classes share: the peer checks, one started {@link LocalPipeline} per class. */
final class PipelineFixture {
    private PipelineFixture() {
    }

    /** Skips (locally) or fails (CI) unless the functions are packaged and a registry and skopeo are installed. */
    static void requirePeers() {
        for (String module : List.of("intake", "scanner", "api")) {
            Peers.require(Files.isRegularFile(Peers.repoRoot().resolve("functions").resolve(module)
                    .resolve("target/quarkus-app/quarkus-run.jar")), "functions/" + module + " is not packaged "
                    + "(./mvnw -DskipTests install)");
        }
        Peers.require(LocalPipeline.registryAvailable(), "docker-registry and skopeo are needed for pushes");
    }

    static LocalPipeline start(String name, int maxConcurrentScans, Consumer<DeliveryRecord> listener) {
        LocalPipeline pipeline = LocalPipeline.start(Path.of("target", name + "-" + UUID.randomUUID()), listener,
                maxConcurrentScans, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        try {
            pipeline.platform().importAdvisories(DemoAdvisories.directory());
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    /** Posts an accepted event to the broker's ingress again (binary mode), as a redelivery would bring it. */
    static void repost(LocalPipeline pipeline, CloudEvent event) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(pipeline.broker().uri());
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes).writeBinary(event);
        int status = HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0]))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 202) {
            throw new IllegalStateException("the broker answered " + status + " to " + event.getId());
        }
    }
}
