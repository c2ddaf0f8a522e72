package dev.pharos.harness.local;

import dev.pharos.core.event.EventTypes;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.EventSchemas;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import dev.pharos.harness.broker.LocalBroker;
import dev.pharos.harness.broker.ServiceRegistry;
import dev.pharos.harness.broker.TriggerRoute;
import dev.pharos.harness.demo.DemoImage;
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
 * {@code pharos-local}: Pharos on one machine with embedded defaults. Starts PostgreSQL, the local broker configured
 * from {@code eventing/} (printing each delivery), and intake as its own process; loads the demo advisories; then
 * pushes the demo image into a real distribution registry (when {@code docker-registry} and {@code skopeo} are
 * installed) or posts a recorded registry notification, and shows the resulting CloudEvent and its deliveries.
 * Keeps running until interrupted; {@code --once} exits after the demo.
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
        ServiceRegistry services = new ServiceRegistry();
        LocalBroker.Settings settings = LocalBroker.Settings.defaults().withSchemas(EventSchemas.fromRepo())
                .withListener(record -> say("delivery: " + record));
        try (LocalBroker broker = LocalBroker.start(Peers.repoRoot().resolve("eventing"), services, settings);
             LocalPlatform platform = LocalPlatform.start(broker.uri(), services, List.of("-Xmx256m"))) {
            say("PostgreSQL ready; broker at " + broker.uri() + " with Triggers "
                    + broker.routes().stream().map(TriggerRoute::name).toList());
            say("intake ready at " + platform.intake().baseUri() + " (log: " + platform.intake().log() + ")");
            say("webhook endpoint: POST " + platform.webhook() + "  (Authorization: Bearer " + platform.token() + ")");
            ImportReport advisories = platform.importAdvisories(DemoAdvisories.directory());
            say("demo advisories imported: " + advisories.inserted() + " new, " + advisories.rejected().size()
                    + " rejected");
            if (DistributionRegistry.available() && Skopeo.available()) {
                pushDemoImage(platform, broker, work);
            } else {
                say("docker-registry or skopeo not installed: posting a recorded registry notification instead");
                HttpResponse<String> answer = postRecordedNotification(platform);
                say("intake answered " + answer.statusCode() + " " + answer.body());
                show(broker.awaitAccepted(PharosLocal::pushed, EVENT_TIMEOUT));
            }
            broker.awaitQuiet(EVENT_TIMEOUT);
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

    /**
     * Pushes the demo image (real Debian, Java and npm artifacts), then waits for the event while the registry still
     * runs: it notifies asynchronously after the push.
     */
    private static void pushDemoImage(LocalPlatform platform, LocalBroker broker, Path work) {
        try (DistributionRegistry registry = DistributionRegistry.start(platform.webhook(),
                Map.of("Authorization", "Bearer " + platform.token()))) {
            Path layout = work.resolve("demo-layout-" + UUID.randomUUID());
            String digest = new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot())).writeTo(layout, "1.0");
            String reference = registry.hostPort() + "/demo/app:1.0";
            say("pushing demo image " + reference + " (" + digest + ") with skopeo into a real registry");
            Skopeo.copy(layout, "1.0", reference);
            show(broker.awaitAccepted(PharosLocal::pushed, EVENT_TIMEOUT));
        }
    }

    private static boolean pushed(CloudEvent event) {
        return EventTypes.IMAGE_PUSHED.equals(event.getType());
    }

    /** Posts a distribution registry's push notification, as recorded, to intake's endpoint. */
    static HttpResponse<String> postRecordedNotification(LocalPlatform platform)
            throws IOException, InterruptedException {
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
        return response;
    }

    private static void show(CloudEvent event) {
        say("event accepted by the broker:");
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
