package dev.pharos.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.harness.Peers;
import dev.pharos.harness.demo.DemoImage;
import dev.pharos.harness.local.DemoAdvisories;
import dev.pharos.harness.local.DemoVariants;
import dev.pharos.harness.local.LocalPipeline;
import io.cloudevents.CloudEvent;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The whole pipeline under load (docs/benchmarks.md, "Pipeline"): registry push → intake → local broker → scanner →
 * PostgreSQL, on the production Trigger policy, with every function its own process.
 * <ol>
 *   <li>push-to-findings latency: the demo image's first push (analysis of every layer), then {@code --runs} distinct
 *       variants one at a time (new top layer, base layers from the layer cache), from the push's end to its
 *       image.scanned at the broker (findings are in PostgreSQL by then);</li>
 *   <li>a burst of {@code --tags} pushes of distinct tags of one digest (manifest PUTs, as a re-tag push is);</li>
 *   <li>a burst of {@code --images} distinct images sharing the demo's base layers (skopeo, 4 at once).</li>
 * </ol>
 * Each burst prints its drain time (first push to last image.scanned), the scan rows, and how many scans reused a
 * stored analysis versus how many layers were actually analysed.
 */
public final class PipelineBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalPipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();

    private PipelineBench(LocalPipeline pipeline) {
        this.pipeline = pipeline;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int runs = IntakeBench.option(options, "--runs", 10);
        int tags = IntakeBench.option(options, "--tags", 200);
        int images = IntakeBench.option(options, "--images", 50);
        if (!LocalPipeline.registryAvailable()) {
            throw new IllegalStateException("bench-pipeline needs docker-registry and skopeo");
        }
        Path work = Path.of("target", "bench-pipeline", Instant.now().toString().replace(':', '-'));
        try (LocalPipeline pipeline = LocalPipeline.start(work, record -> { }, LocalPipeline.SCANS_AT_ONCE,
                List.of("-Xmx512m"))) {
            pipeline.platform().importAdvisories(DemoAdvisories.directory());
            System.out.printf("pipeline bench: %d cores, load average %.1f at start, JDK %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version());
            PipelineBench bench = new PipelineBench(pipeline);
            bench.latency(runs);
            bench.sameDigestBurst(tags);
            bench.sharedBaseBurst(images);
            System.out.printf("load average %.1f at the end; dead letters %d, schema violations %d%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    pipeline.broker().deadLetters().size(), pipeline.broker().schemaViolations().size());
        }
    }

    private void latency(int runs) {
        Path demo = pipeline.work().resolve("demo");
        new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot())).writeTo(demo, "1.0");
        System.out.printf("first push of the demo image (every layer analysed): %d ms%n",
                pushToFindings(demo, "1.0", "bench/latency", "1.0"));
        DemoVariants variants = new DemoVariants();
        long[] millis = new long[runs];
        for (int i = 0; i < runs; i++) {
            Path layout = pipeline.work().resolve("latency-" + i);
            variants.write(layout, "v", "latency-" + i);
            millis[i] = pushToFindings(layout, "v", "bench/latency", "v" + i);
        }
        Arrays.sort(millis);
        System.out.printf("push-to-findings, %d distinct images sharing the base (one at a time): p50 %d ms, "
                + "max %d ms%n", runs, millis[runs / 2], millis[runs - 1]);
    }

    /** From the end of the push to the image.scanned of its journey, in milliseconds. */
    private long pushToFindings(Path layout, String tag, String repository, String pushedTag) {
        pipeline.push(layout, tag, repository, pushedTag);
        long pushed = System.nanoTime();
        CloudEvent outcome = pipeline.awaitOutcome(pipeline.awaitPushed(repository, pushedTag, TIMEOUT), TIMEOUT);
        long elapsed = (System.nanoTime() - pushed) / 1_000_000;
        requireScanned(outcome);
        return elapsed;
    }

    /** One digest under {@code count} new tags: each tag is a manifest PUT, what a re-tag push sends. */
    private void sameDigestBurst(int count) throws Exception {
        String repository = "bench/tags";
        Path demo = pipeline.work().resolve("demo");
        pushToFindings(demo, "1.0", repository, "seed");
        JsonNode manifest = JSON.readTree(demo.resolve("index.json").toFile()).path("manifests").get(0);
        byte[] body = Files.readAllBytes(demo.resolve("blobs").resolve(manifest.path("digest").asText()
                .replace(':', '/')));
        String mediaType = manifest.path("mediaType").asText();
        Burst burst = burst(repository, count, 16, i -> () -> {
            URI uri = URI.create("http://" + pipeline.registry().hostPort() + "/v2/" + repository + "/manifests/t" + i);
            int status = http.send(HttpRequest.newBuilder(uri).header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 201) {
                throw new IllegalStateException("manifest PUT " + uri + " answered " + status);
            }
            return "t" + i;
        });
        burst.print(count + " tags of one digest");
    }

    /**
     * {@code count} distinct images sharing the demo's base and application layers, pushed 4 at a time after a seed
     * push of the demo image (the shared layers are in the repository already, as a fleet's base is; and concurrent
     * first pushes into a repository that does not exist yet make distribution answer 500).
     */
    private void sharedBaseBurst(int count) throws Exception {
        String repository = "bench/fleet";
        pushToFindings(pipeline.work().resolve("demo"), "1.0", repository, "seed");
        Path layout = pipeline.work().resolve("fleet");
        DemoVariants variants = new DemoVariants();
        for (int i = 0; i < count; i++) {
            variants.write(layout, "f" + i, "fleet-" + i);
        }
        Burst burst = burst(repository, count, 4, i -> () -> {
            pipeline.push(layout, "f" + i, repository, "f" + i);
            return "f" + i;
        });
        burst.print(count + " distinct images sharing a base");
    }

    private record Burst(LocalPipeline pipeline, String repository, long pushMillis, long drainMillis,
                         long layersBefore) {
        void print(String what) {
            List<Object> scans = pipeline.rows("SELECT count(*), count(*) FILTER (WHERE status = 'completed'),"
                    + " count(*) FILTER (WHERE reused), count(DISTINCT image_digest), sum(attempts) FROM scan"
                    + " WHERE repository = ? AND trigger = 'push' AND tag <> 'seed'", repository).getFirst();
            long layers = layers(pipeline) - layersBefore;
            System.out.printf("%s: pushed in %d ms, drained in %d ms (first push to last image.scanned); scans %s,"
                    + " completed %s, reused (nothing pulled) %s, distinct digests %s, deliveries started %s;"
                    + " layers analysed %d%n", what, pushMillis, drainMillis, scans.get(0), scans.get(1),
                    scans.get(2), scans.get(3), scans.get(4), layers);
        }
    }

    /** A pusher that pushes the i-th image and returns the tag it pushed. */
    @FunctionalInterface
    private interface Push {
        String run() throws Exception;
    }

    /** Runs {@code count} pushes, {@code parallel} at once, then waits for each one's image.scanned. */
    private Burst burst(String repository, int count, int parallel, IntFunction<Push> push) throws Exception {
        long layersBefore = layers(pipeline);
        long start = System.nanoTime();
        List<Future<String>> pushed = new ArrayList<>();
        try (ExecutorService pushers = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < count; i++) {
                Push next = push.apply(i);
                pushed.add(pushers.submit(next::run));
            }
            for (Future<String> tag : pushed) {
                tag.get();
            }
        }
        long pushMillis = (System.nanoTime() - start) / 1_000_000;
        awaitFinished(repository, count);
        long drainMillis = (System.nanoTime() - start) / 1_000_000;
        return new Burst(pipeline, repository, pushMillis, drainMillis, layersBefore);
    }

    /**
     * Polls PostgreSQL until {@code count} push scans of the repository besides a seed are finished: the broker's
     * accepted-event log is not scanned, as that would hold the broker's lock while it works.
     */
    private void awaitFinished(String repository, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long finished = (Long) pipeline.rows("SELECT count(*) FROM scan WHERE repository = ? AND trigger = 'push'"
                    + " AND status IN ('completed', 'failed') AND tag <> 'seed'", repository).getFirst().getFirst();
            if (finished >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(finished + " of " + count + " scans of " + repository + " finished");
            }
            Thread.sleep(50);
        }
    }

    private static long layers(LocalPipeline pipeline) {
        return (Long) pipeline.rows("SELECT count(DISTINCT layer_digest) FROM layer_analysis").getFirst().getFirst();
    }

    private static void requireScanned(CloudEvent outcome) {
        if (!EventTypes.IMAGE_SCANNED.equals(outcome.getType())) {
            throw new IllegalStateException("scan failed: " + outcome);
        }
    }

}
