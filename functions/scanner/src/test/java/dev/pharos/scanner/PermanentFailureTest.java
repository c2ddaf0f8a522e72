package dev.pharos.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.ScanRequested;
import dev.pharos.core.event.SourceKind;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.scanner.store.Db;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Failures retrying cannot fix: the scan is recorded as failed, scan.failed is emitted and the delivery succeeds
 * (a 5xx would make Knative redeliver it in vain). Input that is not a valid event is 400, never retried.
 */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class PermanentFailureTest {
    @Inject
    Db db;

    private final CapturingSink sink = ScannerTestResource.sink();

    @Test
    void anUnknownManifestFailsTheScanWithNotFound() throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        String repository = "team/missing-" + UUID.randomUUID().toString().substring(0, 8);

        ScanFailure failure = pushAndFail(registry.hostPort(), repository, "never-pushed");

        assertThat(failure.row().getString("failure_reason")).isEqualTo("not-found");
        assertThat(failure.event().get("reason").asText()).isEqualTo("not-found");
        assertThat(failure.event().get("message").asText()).contains("not found");
    }

    @Test
    void aDecompressionBombFailsTheScanWithLimitExceeded(@TempDir Path work) throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        String repository = "team/bomb-" + UUID.randomUUID().toString().substring(0, 8);
        // A few hundred KiB of gzip that inflate past the configured limit of uncompressed layer bytes.
        String digest = OciImageBuilder.image()
                .rawLayer(List.of(OciImageBuilder.RawEntry.zeros("data/zeros.bin",
                        ScannerTestResource.MAX_UNCOMPRESSED + (8L << 20))))
                .tag("scan").writeTo(work);
        TestImages.push(work, digest, registry.hostPort(), repository, "1.0");

        ScanFailure failure = pushAndFail(registry.hostPort(), repository, "1.0");

        assertThat(failure.row().getString("failure_reason")).isEqualTo("limit-exceeded");
        assertThat(failure.row().getString("failure_message")).contains("maxUncompressedBytes");
        // Resolved before the analysis failed: the failure names the image.
        assertThat(failure.row().getString("image_digest")).isEqualTo(digest);
        assertThat(failure.event().get("digest").asText()).isEqualTo(digest);
        assertThat(new ScanRows(db).count("SELECT count(*) FROM image WHERE digest = $1", digest)).isZero();
    }

    @Test
    void aMetadataAddressIsAForbiddenTarget() throws Exception {
        UUID scanId = UUID.randomUUID();
        var request = Deliveries.Delivery.of(new ScanRequested(scanId, "169.254.169.254", "latest/meta-data", "x",
                null, false, Instant.now(), "mallory"));

        request.post().statusCode(204);

        Row row = new ScanRows(db).scan(scanId);
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getString("failure_reason")).isEqualTo("forbidden-target");
        CloudEvent failed = sink.awaitMatching(event -> event.getType().equals(EventTypes.SCAN_FAILED)
                && event.getSubject().contains("169.254.169.254"), 1, Duration.ofSeconds(10)).getFirst();
        assertThat(failed.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(request.correlationId());
    }

    @Test
    void aRedeliveredFailedScanIsNotRetriedButAnnouncedAgain() {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        String repository = "team/refail-" + UUID.randomUUID().toString().substring(0, 8);
        var push = pushEvent(registry.hostPort(), repository, "gone");
        push.post().statusCode(204);

        push.post().statusCode(204);

        List<Row> scans = new ScanRows(db).scansOf(repository);
        assertThat(scans).hasSize(1);
        assertThat(scans.getFirst().getInteger("attempts")).isEqualTo(1);
        List<CloudEvent> failed = sink.awaitMatching(event -> event.getType().equals(EventTypes.SCAN_FAILED)
                && event.getSubject().contains(repository), 2, Duration.ofSeconds(10));
        assertThat(failed).extracting(CloudEvent::getId).containsOnly(failed.getFirst().getId());
    }

    @Test
    void dataThatIsNotAValidPayloadIs400AndRecordsNothing() {
        String repository = "Team/Upper";
        var push = pushEvent("127.0.0.1:5000", "team/placeholder", "1.0");
        String body = "{\"registry\":\"127.0.0.1:5000\",\"repository\":\"" + repository + "\",\"tag\":\"1.0\","
                + "\"pushedAt\":\"2026-11-23T10:00:00Z\",\"source\":\"distribution\"}";

        push.postRaw(EventTypes.IMAGE_PUSHED, body.getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("malformed-input"))
                .body("detail", containsString("invalid repository"));
        push.postRaw(EventTypes.IMAGE_PUSHED, "not json".getBytes(StandardCharsets.UTF_8)).statusCode(400);
        push.postRaw(EventTypes.SCAN_REQUESTED, "{}".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .body("detail", containsString("scanId"));

        assertThat(new ScanRows(db).count("SELECT count(*) FROM scan WHERE repository = $1", repository)).isZero();
    }

    @Test
    void eventTypesNotConsumedHereAreAcknowledgedNotBounced() {
        var other = pushEvent("127.0.0.1:5000", "team/deleted", "1.0");
        other.postRaw(EventTypes.IMAGE_DELETED, "{}".getBytes(StandardCharsets.UTF_8)).statusCode(202);
        // Structured mode: the type is inside the body, so Funqy itself finds no function (its 404).
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"x-1\",\"source\":\"/elsewhere\",\"type\":\"com.example.other\","
                        + "\"datacontenttype\":\"application/json\",\"data\":{}}")
                .post("/").then().statusCode(202);
        // Neither a binary nor a structured CloudEvent: Funqy's 406 becomes a 415 that is not retried.
        given().contentType("text/plain").body("hello").post("/").then().statusCode(415)
                .contentType("application/problem+json");

        // Only broker deliveries are acknowledged: anything else that finds nothing is still a 404.
        given().get("/no-such-page").then().statusCode(404);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("pharos_scanner_deliveries_total{result=\"ignored\"}");
    }

    private record ScanFailure(Row row, JsonNode event) {
    }

    private ScanFailure pushAndFail(String registry, String repository, String tag) throws Exception {
        pushEvent(registry, repository, tag).post().statusCode(204);
        Row row = new ScanRows(db).scansOf(repository).getFirst();
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getOffsetDateTime("finished_at")).isNotNull();
        CloudEvent failed = sink.awaitMatching(event -> event.getType().equals(EventTypes.SCAN_FAILED)
                && event.getSubject().contains(repository), 1, Duration.ofSeconds(10)).getFirst();
        assertThat(sink.schemaViolations()).isEmpty();
        JsonNode data = new ObjectMapper().readTree(failed.getData().toBytes());
        assertThat(data.get("scanId").asText()).isEqualTo(row.getUUID("id").toString());
        assertThat(data.get("trigger").asText()).isEqualTo("push");
        return new ScanFailure(row, data);
    }

    private static Deliveries.Delivery pushEvent(String registry, String repository, String tag) {
        return Deliveries.Delivery.of(new ImagePushed(registry, repository, tag, null, null, Instant.now(),
                SourceKind.DISTRIBUTION, null));
    }
}
