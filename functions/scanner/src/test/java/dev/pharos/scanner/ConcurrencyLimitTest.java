package dev.pharos.scanner;

import dev.pharos.harness.DistributionRegistry;
import dev.pharos.scanner.store.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Beyond max-concurrent-scans an instance answers 429 (Knative retries it later) instead of queueing. */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class ConcurrencyLimitTest {
    @Inject
    Db db;

    @Test
    void aDeliveryBeyondTheBoundIs429WhileTheRunningScansFinish(@TempDir Path work) throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        try (RegistryRelay relay = RegistryRelay.to(registry.hostPort())) {
            String repository = "team/busy-" + UUID.randomUUID().toString().substring(0, 8);
            String digest = TestImages.debianWithLog4j(work, repository);
            TestImages.push(work, digest, registry.hostPort(), repository, "1.0");
            TestImages.Pushed viaRelay = new TestImages.Pushed(relay.hostPort(), repository, "1.0", digest);
            List<Deliveries.Delivery> pushes = new ArrayList<>();
            for (int i = 0; i <= ScannerTestResource.MAX_CONCURRENT_SCANS; i++) {
                pushes.add(IdempotencyTest.pushEvent(viaRelay, "1.0", digest));
            }
            relay.hold();
            List<CompletableFuture<ValidatableResponse>> running = new ArrayList<>();
            for (Deliveries.Delivery push : pushes.subList(0, ScannerTestResource.MAX_CONCURRENT_SCANS)) {
                running.add(push.postInBackground());
            }
            new ScanRows(db).awaitRunning(repository, ScannerTestResource.MAX_CONCURRENT_SCANS);

            pushes.getLast().post().statusCode(429).header("Retry-After", "5")
                    .contentType("application/problem+json")
                    .body("detail", containsString("maximum of " + ScannerTestResource.MAX_CONCURRENT_SCANS));

            relay.release();
            for (CompletableFuture<ValidatableResponse> scan : running) {
                scan.get().statusCode(204);
            }
            pushes.getLast().post().statusCode(204);
            assertThat(new ScanRows(db).scansOf(repository)).hasSize(pushes.size())
                    .allSatisfy(row -> assertThat(row.getString("status")).isEqualTo("completed"));
        }
    }
}
