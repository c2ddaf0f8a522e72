package dev.pharos.scanner;

import dev.pharos.core.event.EventTypes;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.Peers;
import dev.pharos.harness.TestPostgres;
import dev.pharos.scanner.store.Db;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Failures a redelivery may fix: the delivery is answered 5xx (Knative redelivers), the scan row stays retryable,
 * and the redelivery finishes the same scan.
 */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class TransientFailureTest {
    @Inject
    Db db;
    @Inject
    AdvisoryStore advisories;

    private final CapturingSink sink = ScannerTestResource.sink();
    private DistributionRegistry registry;

    @BeforeEach
    void setUp() {
        registry = PushScanTest.requireRegistry();
        SuiteAdvisories.load(advisories, "");
    }

    @Test
    void aStoppedRegistryIs503AndTheScanIsQueuedUntilARedeliveryFinishesIt(@TempDir Path work) {
        try (RegistryRelay relay = RegistryRelay.to(registry.hostPort())) {
            TestImages.Pushed image = pushThrough(work, relay);
            var push = IdempotencyTest.pushEvent(image, image.tag(), image.digest());
            relay.stop();

            push.post().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("type", containsString("unavailable"));

            Row queued = new ScanRows(db).scansOf(image.repository()).getFirst();
            assertThat(queued.getString("status")).isEqualTo("queued");
            assertThat(queued.getInteger("attempts")).isEqualTo(1);
            assertThat(queued.getString("failure_message")).contains("failed after");
            assertThat(queued.getString("failure_reason")).isNull();

            relay.start();
            push.post().statusCode(204);

            Row completed = new ScanRows(db).scansOf(image.repository()).getFirst();
            assertThat(completed.getString("status")).isEqualTo("completed");
            assertThat(completed.getInteger("attempts")).isEqualTo(2);
            assertThat(completed.getString("failure_message")).isNull();
            assertThat(sink.events()).noneMatch(event -> event.getType().equals(EventTypes.SCAN_FAILED)
                    && event.getSubject().contains(image.repository()));
        }
    }

    @Test
    void theDatabaseGoingAwayMidScanIs503AndARedeliveryTakesTheScanOver(@TempDir Path work) throws Exception {
        Peers.require(TestPostgres.shared().restartable(), "only the embedded PostgreSQL can be stopped");
        try (RegistryRelay relay = RegistryRelay.to(registry.hostPort())) {
            HeldScan held = holdScan(work, relay);
            TestImages.Pushed image = held.image();
            var push = held.push();
            CompletableFuture<ValidatableResponse> during = held.response();

            TestPostgres.shared().stop();
            try {
                relay.release();
                during.get().statusCode(503).body("type", containsString("unavailable"));
            } finally {
                TestPostgres.shared().start();
            }

            // The pool reconnects within a few redeliveries; the dead session took the scan's lease with it.
            int status = 0;
            for (int attempt = 0; attempt < 40 && status != 204; attempt++) {
                status = push.post().extract().statusCode();
                if (status != 204) {
                    assertThat(status).isEqualTo(503);
                    Thread.sleep(250);
                }
            }
            assertThat(status).isEqualTo(204);
            List<Row> scans = new ScanRows(db).scansOf(image.repository());
            assertThat(scans).hasSize(1);
            assertThat(scans.getFirst().getString("status")).isEqualTo("completed");
            assertThat(scans.getFirst().getInteger("attempts")).isGreaterThanOrEqualTo(2);
            assertThat(new ScanRows(db).openFindings(image.digest()))
                    .containsExactlyElementsOf(PushScanTest.EXPECTED_OPEN);
        }
    }

    @Test
    void aSecondDeliveryWhileTheFirstRunsIs503AndItsRetryOnlyAnnounces(@TempDir Path work) throws Exception {
        try (RegistryRelay relay = RegistryRelay.to(registry.hostPort())) {
            HeldScan held = holdScan(work, relay);
            TestImages.Pushed image = held.image();
            var push = held.push();
            CompletableFuture<ValidatableResponse> first = held.response();

            push.post().statusCode(503).body("detail", containsString("being run by another delivery"));

            relay.release();
            first.get().statusCode(204);
            push.post().statusCode(204);
            List<Row> scans = new ScanRows(db).scansOf(image.repository());
            assertThat(scans).hasSize(1);
            assertThat(scans.getFirst().getInteger("attempts")).isEqualTo(1);
            List<CloudEvent> scanned = sink.awaitMatching(IdempotencyTest.scannedFor(image.repository()), 2,
                    Duration.ofSeconds(10));
            assertThat(scanned).extracting(CloudEvent::getId).containsOnly(scanned.getFirst().getId());
        }
    }

    @Test
    void aBrokerRefusingTheEventIs503AndTheRedeliveryOnlyEmits(@TempDir Path work) {
        TestImages.Pushed image = TestImages.push(work, TestImages.debianWithLog4j(work, UUID.randomUUID().toString()),
                registry.hostPort(), "team/broker-" + UUID.randomUUID().toString().substring(0, 8), "1.0");
        var push = IdempotencyTest.pushEvent(image, image.tag(), image.digest());
        sink.failNext(1, 503);

        push.post().statusCode(503).body("detail", containsString("broker"));

        Row completed = new ScanRows(db).scansOf(image.repository()).getFirst();
        assertThat(completed.getString("status")).isEqualTo("completed");
        push.post().statusCode(204);
        assertThat(new ScanRows(db).scansOf(image.repository()).getFirst().getInteger("attempts")).isEqualTo(1);
        List<CloudEvent> scanned = sink.awaitMatching(IdempotencyTest.scannedFor(image.repository()), 1,
                Duration.ofSeconds(10));
        assertThat(scanned).hasSize(1);
        assertThat(scanned.getFirst().getExtension(EventTypes.CORRELATION_ID)).isEqualTo(push.correlationId());
    }

    private record HeldScan(TestImages.Pushed image, Deliveries.Delivery push,
                            CompletableFuture<ValidatableResponse> response) {
    }

    /** A push whose scan is running and hangs on the registry until {@code relay.release()}. */
    private HeldScan holdScan(Path work, RegistryRelay relay) throws InterruptedException {
        TestImages.Pushed image = pushThrough(work, relay);
        var push = IdempotencyTest.pushEvent(image, image.tag(), image.digest());
        relay.hold();
        CompletableFuture<ValidatableResponse> response = push.postInBackground();
        new ScanRows(db).awaitRunning(image.repository(), 1);
        return new HeldScan(image, push, response);
    }

    private TestImages.Pushed pushThrough(Path work, RegistryRelay relay) {
        String repository = "team/flaky-" + UUID.randomUUID().toString().substring(0, 8);
        String digest = TestImages.debianWithLog4j(work, repository);
        TestImages.push(work, digest, registry.hostPort(), repository, "1.0");
        return new TestImages.Pushed(relay.hostPort(), repository, "1.0", digest);
    }
}
