package dev.pharos.harness.local;

import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import io.cloudevents.CloudEvent;

import java.io.IOException;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pharos-local}: Pharos on one machine with embedded defaults. Starts PostgreSQL, a local broker stand-in that
 * prints what it receives, and intake as its own process; then pushes a demo image into a real distribution registry
 * (when {@code docker-registry} and {@code skopeo} are installed) or posts a recorded registry notification, and shows
 * the resulting CloudEvent. Keeps running until interrupted; {@code --once} exits after the demo.
 */
public final class PharosLocal {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    /** A bench command's entry point (docs/benchmarks.md). */
    @FunctionalInterface
    private interface Bench {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Bench> BENCHES = Map.of(
            "bench-intake", dev.pharos.harness.bench.IntakeBench::main,
            "bench-engine", dev.pharos.harness.bench.EngineBench::main,
            "bench-advisories", dev.pharos.harness.bench.AdvisoryImportBench::main);

    private PharosLocal() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("--help")) {
            System.out.println("usage: pharos-local [--once]   (benches: pharos-local "
                    + String.join("|", new java.util.TreeSet<>(BENCHES.keySet())) + " [options], see docs/benchmarks.md)");
            return;
        }
        Bench bench = options.isEmpty() ? null : BENCHES.get(options.getFirst());
        if (bench != null) {
            bench.run(options.subList(1, options.size()).toArray(String[]::new));
            return;
        }
        Path work = Files.createDirectories(Path.of("target", "pharos-local"));
        try (CapturingSink broker = CapturingSink.start();
             LocalPlatform platform = LocalPlatform.start(broker.uri(), List.of("-Xmx256m"))) {
            say("PostgreSQL ready; local broker at " + broker.uri());
            say("intake ready at " + platform.intakeBase() + " (log: " + platform.intake().log() + ")");
            say("webhook endpoint: POST " + platform.webhook() + "  (Authorization: Bearer " + platform.token() + ")");
            List<CloudEvent> events;
            if (DistributionRegistry.available() && Skopeo.available()) {
                events = pushDemoImage(platform, broker, work);
            } else {
                say("docker-registry or skopeo not installed: posting a recorded registry notification instead");
                postRecordedNotification(platform);
                events = broker.awaitEvents(1, EVENT_TIMEOUT);
            }
            events.forEach(PharosLocal::show);
            if (!broker.schemaViolations().isEmpty()) {
                throw new IllegalStateException("events broke their schema: " + broker.schemaViolations());
            }
            if (options.contains("--once")) {
                return;
            }
            say("running; post more notifications to the endpoint above, Ctrl-C to stop");
            new CountDownLatch(1).await();
        }
    }

    /** Pushes, then waits for the event while the registry still runs: it notifies asynchronously after the push. */
    private static List<CloudEvent> pushDemoImage(LocalPlatform platform, CapturingSink broker, Path work) {
        try (DistributionRegistry registry = DistributionRegistry.start(platform.webhook(),
                Map.of("Authorization", "Bearer " + platform.token()))) {
            Path layout = work.resolve("demo-layout-" + UUID.randomUUID());
            String digest = OciImageBuilder.image()
                    .layer(Map.of("etc/os-release", "ID=pharos-demo\nVERSION_ID=1\n".getBytes(StandardCharsets.UTF_8)))
                    .layer(Map.of("app/hello.txt", "hello from pharos-local\n".getBytes(StandardCharsets.UTF_8)))
                    .tag("1.0")
                    .writeTo(layout);
            String reference = registry.hostPort() + "/demo/hello:1.0";
            say("pushing demo image " + reference + " (" + digest + ") with skopeo into a real registry");
            Skopeo.copy(layout, "1.0", reference);
            return broker.awaitEvents(1, EVENT_TIMEOUT);
        }
    }

    private static void postRecordedNotification(LocalPlatform platform) throws IOException, InterruptedException {
        String envelope = """
                {"events":[{"id":"%s","timestamp":"%s","action":"push",
                 "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,
                  "digest":"sha256:%s","length":400,"repository":"demo/hello",
                  "url":"http://127.0.0.1:5000/v2/demo/hello/manifests/1.0","tag":"1.0"},
                 "request":{"id":"r","addr":"127.0.0.1","host":"127.0.0.1:5000","method":"PUT","useragent":"demo"},
                 "actor":{},"source":{"addr":"localhost:5000","instanceID":"demo"}}]}"""
                .formatted(UUID.randomUUID(), Instant.now(), "d3".repeat(32));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.webhook())
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .header("Authorization", "Bearer " + platform.token())
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
        say("intake answered " + response.statusCode() + " " + response.body());
    }

    private static void show(CloudEvent event) {
        say("event received by the broker:");
        System.out.println("  type          " + event.getType());
        System.out.println("  id            " + event.getId());
        System.out.println("  source        " + event.getSource());
        System.out.println("  subject       " + event.getSubject());
        System.out.println("  correlationid " + event.getExtension("correlationid"));
        System.out.println("  data          " + new String(event.getData().toBytes(), StandardCharsets.UTF_8));
    }

    private static void say(String line) {
        System.out.println("[pharos-local] " + line);
    }

}
