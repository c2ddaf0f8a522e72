package dev.pharos.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImageScanned;
import dev.pharos.harness.Peers;
import dev.pharos.harness.TestPostgres;
import dev.pharos.harness.broker.DeliveryRecord;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos on the real pipeline (registry → intake → local broker → scanner → PostgreSQL → api): a registry outage
 * during scans, a database restart in the middle of a burst of pushes, and one push delivered three times.
 * Afterwards every push has exactly one completed scan, nothing was dead-lettered, and every event kept its schema.
 * The Triggers' production delivery policy applies (8 retries, exponential from 2 s), so each outage is ridden out
 * by the broker's retries and the registry's own notification retries, as it would be on Knative.
 */
class PipelineChaosTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(3);

    private static LocalPipeline pipeline;
    private static DemoVariants variants;

    @BeforeAll
    static void startPipeline() {
        PipelineFixture.requirePeers();
        Peers.require(TestPostgres.shared().restartable(), "PostgreSQL is not the embedded, restartable one");
        // Two scans at once, so bursts queue in front of the scanner while the outages happen.
        pipeline = PipelineFixture.start("chaos", 2, record -> { });
        Peers.require(pipeline.registry().restartable(), "the registry runs in a container (not restartable)");
        variants = new DemoVariants();
    }

    @AfterAll
    static void stopPipeline() {
        Peers.closeAll(pipeline);
    }

    @Test
    void theSamePushDeliveredThreeTimesIsOneScanAnnouncedUnderOneEventId() throws Exception {
        Path layout = pipeline.work().resolve("dup");
        variants.write(layout, "v1", "dup");
        pipeline.push(layout, "v1", "chaos/dup", "v1");
        CloudEvent pushed = pipeline.awaitPushed("chaos/dup", "v1", TIMEOUT);
        pipeline.awaitOutcome(pushed, TIMEOUT);

        PipelineFixture.repost(pipeline, pushed);
        PipelineFixture.repost(pipeline, pushed);
        pipeline.broker().awaitQuiet(TIMEOUT);

        assertThat(pipeline.broker().deliveries()).filteredOn(d -> d.id().equals(pushed.getId()))
                .hasSize(3).allSatisfy(d -> assertThat(d.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED));
        List<CloudEvent> announced = pipeline.broker().accepted().stream()
                .filter(e -> EventTypes.IMAGE_SCANNED.equals(e.getType()) && pushed.getExtension(
                        EventTypes.CORRELATION_ID).equals(e.getExtension(EventTypes.CORRELATION_ID))).toList();
        assertThat(announced).hasSize(3).extracting(CloudEvent::getId).containsOnly(announced.getFirst().getId());
        assertOneCompletedScanEach("chaos/dup", List.of("v1"));
        assertNothingLost();
    }

    @Test
    void theRegistryGoingAwayDuringScansAndComingBackLosesNothing() throws Exception {
        List<String> tags = List.of("r1", "r2", "r3");
        List<CloudEvent> pushedEvents = new ArrayList<>();
        for (String tag : tags) {
            Path layout = pipeline.work().resolve("registry-" + tag);
            variants.write(layout, tag, "registry-" + tag);
            pipeline.push(layout, tag, "chaos/registry", tag);
        }
        for (String tag : tags) {
            pushedEvents.add(pipeline.awaitPushed("chaos/registry", tag, TIMEOUT));
        }
        // Every push is notified (the registry's notification queue lives in memory only), and the scans are running
        // or waiting for a slot: now the registry goes away. Once the scans' first attempts have given up (the
        // engine's registry client retries for under 1.5 s), a scan is requested while it is still gone; the outage
        // lasts past the broker's first retry (4 s later), so that scan meets it whether or not it found a free slot.
        pipeline.registry().stop();
        Thread.sleep(2_000);
        JsonNode requested = pipeline.api().requestScan(pipeline.registry().hostPort() + "/chaos/registry:r1",
                Duration.ofSeconds(1));
        Thread.sleep(6_000);
        pipeline.registry().start();

        for (CloudEvent pushed : pushedEvents) {
            assertThat(pipeline.awaitOutcome(pushed, TIMEOUT).getType()).isEqualTo(EventTypes.IMAGE_SCANNED);
        }
        JsonNode scan = pipeline.api().awaitScan(requested.path("id").asText(), TIMEOUT);
        assertThat(scan.path("status").asText()).isEqualTo("completed");
        // The requested scan met the outage (503: the registry is unreachable), a later retry completed it.
        assertThat(pipeline.broker().deliveries()).filteredOn(d -> d.type().equals(EventTypes.SCAN_REQUESTED))
                .singleElement().satisfies(d -> {
                    assertThat(d.attempts()).contains("503").last().isEqualTo("204");
                    assertThat(d.outcome()).isEqualTo(DeliveryRecord.Outcome.DELIVERED);
                });
        assertOneCompletedScanEach("chaos/registry", tags);
        assertNothingLost();
    }

    @Test
    void theDatabaseRestartingInTheMiddleOfABurstLosesNoPush() throws Exception {
        List<String> tags = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            tags.add("b" + i);
        }
        Path layout = pipeline.work().resolve("burst");
        for (String tag : tags) {
            variants.write(layout, tag, "burst-" + tag);
        }
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> tags.forEach(tag ->
                pipeline.push(layout, tag, "chaos/burst", tag)));
        pipeline.awaitPushed("chaos/burst", tags.get(2), TIMEOUT);
        TestPostgres.shared().stop();
        Thread.sleep(DATABASE_OUTAGE.toMillis());
        TestPostgres.shared().start();
        burst.get();

        for (String tag : tags) {
            CloudEvent outcome = pipeline.awaitOutcome(pipeline.awaitPushed("chaos/burst", tag, TIMEOUT), TIMEOUT);
            assertThat(LocalPipeline.payload(outcome, ImageScanned.class).tag()).isEqualTo(tag);
        }
        assertOneCompletedScanEach("chaos/burst", tags);
        assertThat(pipeline.rows("SELECT count(DISTINCT image_digest) FROM scan"
                + " WHERE repository = 'chaos/burst'")).containsExactly(List.of((long) tags.size()));
        assertNothingLost();
    }

    private static void assertOneCompletedScanEach(String repository, List<String> tags) {
        List<List<Object>> expected = tags.stream().map(tag -> List.<Object>of(tag, "completed", 1L)).toList();
        assertThat(pipeline.rows("SELECT tag, status, count(*) FROM scan WHERE repository = ?"
                + " AND trigger = 'push' GROUP BY tag, status", repository))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void assertNothingLost() {
        pipeline.broker().awaitQuiet(TIMEOUT);
        assertThat(pipeline.broker().deadLetters()).isEmpty();
        assertThat(pipeline.broker().deliveries()).extracting(DeliveryRecord::outcome)
                .containsOnly(DeliveryRecord.Outcome.DELIVERED);
        assertThat(pipeline.broker().schemaViolations()).isEmpty();
        assertThat(pipeline.api().get("/api/v1/dead-letters").path("items")).isEmpty();
    }
}
