package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImageScanned;
import dev.pharos.core.event.ScanFailed;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.harness.broker.TriggerRoute;
import dev.pharos.harness.demo.DemoImage;
import dev.pharos.harness.Peers;
import io.cloudevents.CloudEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pharos-local}: Pharos on one machine. Starts PostgreSQL, the local broker configured from {@code eventing/},
 * intake, scanner and api as their own processes ({@link LocalPipeline}), loads the demo advisories (or
 * {@code --osv <zip|dir>}), and scans: by default the demo image, built from real artifacts and pushed into a real
 * distribution registry whose notifications go to intake; {@code --image <ref>} any registry reference through the
 * api; {@code --layout <dir>} an OCI layout pushed into the local registry. Without {@code docker-registry} or
 * {@code skopeo} it says so loudly and serves the layout read-only in-process ({@link LayoutRegistry}), scanned
 * through the api. Prints the findings table and the api's URL and keeps running until interrupted; {@code --once}
 * exits after the scan.
 */
public final class PharosLocal {
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = """
            usage: pharos-local [--once] [--osv <all.zip|dir>] [--image <registry reference> | --layout <oci dir>]
                   pharos-local %s [options]   (see docs/benchmarks.md)""";

    /** A bench command's entry point (docs/benchmarks.md). */
    @FunctionalInterface
    private interface Bench {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Bench> BENCHES = Map.of(
            "bench-intake", dev.pharos.harness.bench.IntakeBench::main,
            "bench-engine", dev.pharos.harness.bench.EngineBench::main,
            "bench-advisories", dev.pharos.harness.bench.AdvisoryImportBench::main,
            "bench-pipeline", dev.pharos.harness.bench.PipelineBench::main);

    /** The command line of the platform itself. */
    record Options(boolean once, Optional<Path> osv, Optional<String> image, Optional<Path> layout) {
        static Options parse(List<String> args) {
            boolean once = false;
            Optional<Path> osv = Optional.empty();
            Optional<String> image = Optional.empty();
            Optional<Path> layout = Optional.empty();
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                switch (option) {
                    case "--once" -> once = true;
                    case "--osv" -> osv = Optional.of(Path.of(value(args, ++i, option)));
                    case "--image" -> image = Optional.of(value(args, ++i, option));
                    case "--layout" -> layout = Optional.of(Path.of(value(args, ++i, option)));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (image.isPresent() && layout.isPresent()) {
                throw new IllegalArgumentException("--image and --layout exclude each other");
            }
            return new Options(once, osv, image, layout);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(index);
        }
    }

    private PharosLocal() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        String usage = USAGE.formatted(String.join("|", new TreeSet<>(BENCHES.keySet())));
        if (arguments.contains("--help")) {
            System.out.println(usage);
            return;
        }
        Bench bench = arguments.isEmpty() ? null : BENCHES.get(arguments.getFirst());
        if (bench != null) {
            bench.run(arguments.subList(1, arguments.size()).toArray(String[]::new));
            return;
        }
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage);
            System.exit(2);
            return;
        }
        Path work = Path.of("target", "pharos-local", Instant.now().toString().replace(':', '-'));
        say("starting PostgreSQL, the broker, intake, api and scanner (work directory " + work + ")");
        LayoutRegistry served = null;
        try (LocalPipeline pipeline = LocalPipeline.start(work, record -> say("delivery: " + record),
                LocalPipeline.SCANS_AT_ONCE,
                List.of("-Xmx256m"))) {
            LocalPlatform platform = pipeline.platform();
            say("broker at " + pipeline.broker().uri() + " with Triggers "
                    + pipeline.broker().routes().stream().map(TriggerRoute::name).toList());
            say("intake " + platform.intake().baseUri() + ", scanner " + platform.scanner().baseUri() + ", api "
                    + platform.api().baseUri() + " (logs: " + platform.scanner().log().getParent() + ")");
            Path advisories = options.osv().orElseGet(DemoAdvisories::directory);
            ImportReport imported = platform.importAdvisories(advisories);
            say("advisories from " + options.osv().map(Path::toString).orElse("the demo set (osv-demo)") + ": "
                    + imported.inserted() + " new, " + imported.rejected().size() + " rejected");
            Optional<String> digest;
            if (options.image().isPresent()) {
                digest = scanReference(pipeline.api(), options.image().get());
            } else if (LocalPipeline.registryAvailable()) {
                digest = pushAndScan(pipeline, target(pipeline, options.layout()));
            } else {
                Target target = target(pipeline, options.layout());
                say("!!! docker-registry or skopeo is not installed, so there is no real registry to push to and no "
                        + "push notification. Serving " + target.layout() + " read-only in-process instead and "
                        + "requesting its scan through the api. Install both (Debian packages docker-registry and "
                        + "skopeo) for the push path.");
                served = LayoutRegistry.serve(target.layout(), target.repository());
                digest = scanReference(pipeline.api(), served.reference(target.tag()));
            }
            digest.ifPresent(d -> System.out.println(FindingsTable.render(pipeline.api().image(d))));
            if (!pipeline.broker().schemaViolations().isEmpty()) {
                throw new IllegalStateException("events broke their schema: " + pipeline.broker().schemaViolations());
            }
            say("api: " + platform.api().baseUri() + "/api/v1/images  (OpenAPI: " + platform.api().baseUri()
                    + "/q/openapi)");
            if (LocalPipeline.registryAvailable()) {
                say("registry: push to " + pipeline.registry().hostPort() + "/<repository>:<tag> (plain HTTP) and "
                        + "the image is scanned");
            }
            say("import advisories: POST " + platform.api().baseUri() + "/api/v1/vulndb/import (Authorization: Bearer "
                    + platform.adminToken() + ")");
            if (options.once()) {
                return;
            }
            say("running; Ctrl-C to stop");
            new CountDownLatch(1).await();
        } finally {
            Peers.closeAll(served);
        }
    }

    /** {@code --image}: the scan goes through the api, the broker and the scanner; returns the analysed digest. */
    private static Optional<String> scanReference(ApiClient api, String reference) {
        say("requesting a scan of " + reference + " through POST /api/v1/scans");
        JsonNode scan = api.awaitScan(api.requestScan(reference, Duration.ofSeconds(60)).path("id").asText(),
                SCAN_TIMEOUT);
        say("scan " + scan.path("id").asText() + ": " + scan.path("status").asText()
                + (scan.hasNonNull("failure") ? " " + scan.path("failure") : ""));
        return scan.path("status").asText().equals("completed")
                ? Optional.of(scan.path("imageDigest").asText()) : Optional.empty();
    }

    /** An OCI layout to scan: its tag and the repository it is pushed or served as. */
    private record Target(Path layout, String tag, String repository) {
    }

    /** {@code --layout}, or the demo image built from real artifacts into the work directory. */
    private static Target target(LocalPipeline pipeline, Optional<Path> layout) throws IOException {
        if (layout.isPresent()) {
            Path source = layout.get();
            return new Target(source, onlyTag(source), "local/" + source.toAbsolutePath().normalize().getFileName()
                    .toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"));
        }
        Path source = pipeline.work().resolve("demo-layout");
        String built = new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot())).writeTo(source, "1.0");
        say("demo image built from real artifacts (Debian 12 dpkg, npm, Spring Boot fat jar): " + built);
        return new Target(source, "1.0", "demo/app");
    }

    /**
     * The default and {@code --layout}: a push into the local registry, turned into {@code image.pushed} by intake
     * and scanned by the scanner; returns the analysed digest.
     */
    private static Optional<String> pushAndScan(LocalPipeline pipeline, Target target) {
        say("pushing " + pipeline.push(target.layout(), target.tag(), target.repository(), target.tag())
                + " with skopeo");
        CloudEvent pushed = pipeline.awaitPushed(target.repository(), target.tag(), Duration.ofSeconds(60));
        say("intake emitted " + pushed.getType() + " " + pushed.getId() + " (correlationid "
                + pushed.getExtension(EventTypes.CORRELATION_ID) + ")");
        CloudEvent outcome = pipeline.awaitOutcome(pushed, SCAN_TIMEOUT);
        if (EventTypes.SCAN_FAILED.equals(outcome.getType())) {
            ScanFailed failed = LocalPipeline.payload(outcome, ScanFailed.class);
            say("scan " + failed.scanId() + " failed: " + failed.reason() + ": " + failed.message());
            return Optional.empty();
        }
        ImageScanned scanned = LocalPipeline.payload(outcome, ImageScanned.class);
        say("scanned " + scanned.digest() + ": " + scanned.packages() + " packages, scan " + scanned.scanId());
        return Optional.of(scanned.digest());
    }

    /** The one tagged manifest of an OCI layout ({@code org.opencontainers.image.ref.name} in index.json). */
    static String onlyTag(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        List<String> tags = new ArrayList<>();
        index.path("manifests").forEach(m -> {
            JsonNode name = m.path("annotations").path("org.opencontainers.image.ref.name");
            if (name.isTextual()) {
                tags.add(name.asText());
            }
        });
        if (tags.size() != 1) {
            throw new IllegalArgumentException(layout + " must tag exactly one manifest "
                    + "(org.opencontainers.image.ref.name), found " + tags);
        }
        return tags.getFirst();
    }

    private static void say(String line) {
        System.out.println("[pharos-local] " + line);
    }
}
