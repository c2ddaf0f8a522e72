package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.ImageScanned;
import dev.pharos.core.event.ScanTrigger;
import dev.pharos.harness.Peers;
import dev.pharos.harness.broker.DeliveryRecord;
import dev.pharos.harness.demo.DemoImage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline end to end with real processes: a push into a real distribution registry notifies intake, whose
 * image.pushed goes through the local broker (configured from {@code eventing/}) to the scanner, which analyses the
 * demo image (real Debian, Java and npm artifacts), records it in PostgreSQL and emits image.scanned; the api answers
 * with exactly the findings the demo advisories describe. One pipeline for the class; the methods run in order
 * because the first scan of the demo digest is the one that analyses it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static LocalPipeline pipeline;
    private static Path layout;
    private static String digest;

    @BeforeAll
    static void startPipeline() {
        PipelineFixture.requirePeers();
        pipeline = PipelineFixture.start("e2e", LocalPipeline.SCANS_AT_ONCE, record -> { });
        layout = pipeline.work().resolve("demo-layout");
        digest = new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot())).writeTo(layout, "1.0");
    }

    @AfterAll
    static void stopPipeline() {
        Peers.closeAll(pipeline);
    }

    @Test
    @Order(1)
    void aPushOfTheDemoImageEndsInExactlyItsFindingsThroughIntakeTheBrokerAndTheScanner() {
        pipeline.push(layout, "1.0", "demo/app", "1.0");
        CloudEvent pushed = pipeline.awaitPushed("demo/app", "1.0", TIMEOUT);
        CloudEvent outcome = pipeline.awaitOutcome(pushed, TIMEOUT);

        assertThat(LocalPipeline.payload(pushed, ImagePushed.class).digest()).isEqualTo(digest);
        assertThat(outcome.getType()).isEqualTo(EventTypes.IMAGE_SCANNED);
        ImageScanned scanned = LocalPipeline.payload(outcome, ImageScanned.class);
        assertThat(scanned.digest()).isEqualTo(digest);
        assertThat(scanned.trigger()).isEqualTo(ScanTrigger.PUSH);
        assertThat(scanned.reused()).isFalse();
        assertThat(scanned.severities().critical()).isEqualTo(3);
        assertThat(scanned.severities().high()).isEqualTo(1);
        assertThat(scanned.severities().medium()).isEqualTo(2);

        JsonNode image = pipeline.api().image(digest);
        assertThat(image.path("findings")).extracting(f -> f.path("id").asText(),
                f -> f.path("package").path("name").asText(), f -> f.path("package").path("path").asText(),
                f -> f.path("fixState").asText().equals("fixed"))
                .containsExactlyInAnyOrderElementsOf(DemoFindings.expected());
        JsonNode log4shell = StreamSupport.stream(image.path("findings").spliterator(), false)
                .filter(f -> f.path("id").asText().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log4shell.path("severity").asText()).isEqualTo("critical");
        assertThat(log4shell.path("installedVersion").asText()).isEqualTo("2.14.1");
        assertThat(log4shell.path("fixedVersions")).extracting(JsonNode::asText).contains("2.15.0");
        assertThat(log4shell.path("aliases")).extracting(JsonNode::asText).containsExactly("GHSA-jfh8-c2jp-5v3q");

        // One scan for the push, carrying the correlation id intake gave the event, followed into image.scanned.
        Object correlation = pushed.getExtension(EventTypes.CORRELATION_ID);
        assertThat(outcome.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(correlation);
        assertThat(pipeline.rows("SELECT id, status, correlation_id, image_digest FROM scan"
                + " WHERE repository = 'demo/app' AND tag = '1.0'"))
                .singleElement().satisfies(row -> assertThat(row.subList(0, 4))
                        .containsExactly(scanned.scanId(), "completed", correlation, digest));
        assertThat(pipeline.broker().deliveries()).filteredOn(d -> d.id().equals(pushed.getId())).singleElement()
                .satisfies(d -> {
                    assertThat(d.trigger()).isEqualTo("pharos-scanner-image-pushed");
                    assertThat(d.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
                });
        assertThat(pipeline.broker().schemaViolations()).isEmpty();
    }

    @Test
    @Order(2)
    void anotherTagOfTheSameDigestIsItsOwnScanThatReusesTheAnalysis() {
        pipeline.push(layout, "1.0", "demo/app", "stable");
        CloudEvent pushed = pipeline.awaitPushed("demo/app", "stable", TIMEOUT);
        ImageScanned scanned = LocalPipeline.payload(pipeline.awaitOutcome(pushed, TIMEOUT), ImageScanned.class);

        assertThat(scanned.digest()).isEqualTo(digest);
        assertThat(scanned.reused()).isTrue();
        assertThat(scanned.tag()).isEqualTo("stable");
        assertThat(pipeline.rows("SELECT count(*) FROM scan WHERE image_digest = ?", digest))
                .containsExactly(List.of(2L));
        assertThat(pipeline.api().image(digest).path("image").path("references"))
                .extracting(r -> r.path("tag").asText()).contains("1.0", "stable");
        assertThat(pipeline.rows("SELECT count(*) FROM finding WHERE image_digest = ?", digest))
                .containsExactly(List.of((long) DemoFindings.expected().size()));
        assertThat(pipeline.broker().schemaViolations()).isEmpty();
    }

    @Test
    @Order(3)
    void aScanRequestedThroughTheApiTravelsAsScanRequestedAndCompletes() {
        String reference = pipeline.registry().hostPort() + "/demo/app:1.0";
        JsonNode accepted = pipeline.api().requestScan(reference, Duration.ofSeconds(1));
        JsonNode scan = pipeline.api().awaitScan(accepted.path("id").asText(), TIMEOUT);

        assertThat(scan.path("status").asText()).isEqualTo("completed");
        assertThat(scan.path("trigger").asText()).isEqualTo("request");
        assertThat(scan.path("imageDigest").asText()).isEqualTo(digest);
        assertThat(scan.path("severities").path("critical").asInt()).isEqualTo(3);
        CloudEvent requested = pipeline.broker().awaitAccepted(e -> EventTypes.SCAN_REQUESTED.equals(e.getType()),
                TIMEOUT);
        assertThat(requested.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(accepted.path("id").asText());
        CloudEvent outcome = pipeline.awaitOutcome(requested, TIMEOUT);
        assertThat(LocalPipeline.payload(outcome, ImageScanned.class).scanId().toString())
                .isEqualTo(accepted.path("id").asText());
        assertThat(pipeline.broker().schemaViolations()).isEmpty();
    }

    @Test
    @Order(4)
    void anImageServedFromALayoutWithoutARegistryIsPulledAndScannedThroughTheApi() {
        Path variant = pipeline.work().resolve("served");
        String variantDigest = new DemoVariants().write(variant, "2.0", "served");
        try (LayoutRegistry served = LayoutRegistry.serve(variant, "served/app")) {
            JsonNode accepted = pipeline.api().requestScan(served.reference("2.0"), Duration.ofSeconds(1));
            JsonNode scan = pipeline.api().awaitScan(accepted.path("id").asText(), TIMEOUT);

            assertThat(scan.path("status").asText()).isEqualTo("completed");
            assertThat(scan.path("imageDigest").asText()).isEqualTo(variantDigest);
            assertThat(scan.path("reused").asBoolean()).isFalse();
        }
        // Without the demo's cleanup layer the stray jar beside the fat jar is still there, and found.
        assertThat(pipeline.api().image(variantDigest).path("findings"))
                .filteredOn(f -> f.path("id").asText().equals("CVE-2021-44228"))
                .extracting(f -> f.path("package").path("path").asText())
                .containsExactlyInAnyOrder(DemoFindings.LOG4J, DemoImage.DELETED_JAR);
    }

    @Test
    @Order(5)
    void anEventTheScannerRefusesForGoodIsDeadLetteredToTheApi() throws Exception {
        CloudEvent broken = CloudEventBuilder.v1().withId("broken-1").withSource(URI.create("/e2e"))
                .withType(EventTypes.IMAGE_PUSHED).withExtension(EventTypes.CORRELATION_ID, "broken-1")
                .withData("application/json", "{\"repository\":42}".getBytes(StandardCharsets.UTF_8)).build();

        PipelineFixture.repost(pipeline, broken);
        pipeline.broker().awaitQuiet(TIMEOUT);

        // 400 is not retried (Knative's contract): one attempt, then the Trigger's dead-letter sink, the api.
        assertThat(pipeline.broker().deliveries()).filteredOn(d -> d.id().equals("broken-1")).singleElement()
                .satisfies(d -> {
                    assertThat(d.attempts()).containsExactly("400");
                    assertThat(d.outcome()).isEqualTo(DeliveryRecord.Outcome.DEAD_LETTERED);
                });
        JsonNode letters = pipeline.api().get("/api/v1/dead-letters").path("items");
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.path("id").asText()).isEqualTo("broken-1");
            assertThat(letter.path("type").asText()).isEqualTo(EventTypes.IMAGE_PUSHED);
            assertThat(letter.path("error").path("code").asInt()).isEqualTo(400);
            assertThat(letter.path("error").path("destination").asText())
                    .isEqualTo(pipeline.platform().scanner().baseUri() + "/");
        });
        assertThat(pipeline.rows("SELECT id FROM scan WHERE correlation_id = 'broken-1'")).isEmpty();
    }
}
