package dev.pharos.scanner;

import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.ScanRequested;
import dev.pharos.core.event.SourceKind;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.scanner.store.Db;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** At-least-once delivery and repeated pushes: one scan per event, one analysis per digest. */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class IdempotencyTest {
    @Inject
    Db db;
    @Inject
    AdvisoryStore advisories;

    private final CapturingSink sink = ScannerTestResource.sink();
    private DistributionRegistry registry;
    private ScanRows rows;

    @BeforeEach
    void setUp() {
        registry = PushScanTest.requireRegistry();
        SuiteAdvisories.load(advisories, "");
        rows = new ScanRows(db);
    }

    @Test
    void theSameEventThreeTimesIsOneScanAnnouncedWithOneEventId(@TempDir Path work) {
        TestImages.Pushed image = pushNew(work, "1.0");
        var push = pushEvent(image, image.tag(), image.digest());

        push.post().statusCode(204);
        push.post().statusCode(204);
        push.post().statusCode(204);

        List<Row> scans = rows.scansOf(image.repository());
        assertThat(scans).hasSize(1);
        assertThat(scans.getFirst().getString("status")).isEqualTo("completed");
        assertThat(scans.getFirst().getInteger("attempts")).isEqualTo(1);
        List<CloudEvent> events = sink.awaitMatching(scannedFor(image.repository()), 3, Duration.ofSeconds(10));
        assertThat(events).hasSize(3).extracting(CloudEvent::getId).containsOnly(events.getFirst().getId());
        assertThat(sink.schemaViolations()).isEmpty();
    }

    @Test
    void aSecondTagOfAnAnalysedDigestReusesTheAnalysisAndKeepsFirstSeen(@TempDir Path work) {
        TestImages.Pushed first = pushNew(work, "a");
        TestImages.push(work, first.digest(), first.registry(), first.repository(), "b");
        pushEvent(first, "a", first.digest()).post().statusCode(204);
        OffsetDateTime firstSeen = firstSeenOfLog4Shell(first.digest());

        // Docker Hub and Quay name only the tag: the digest is resolved from the registry.
        pushEvent(first, "b", null).post().statusCode(204);

        List<Row> scans = rows.scansOf(first.repository());
        assertThat(scans).hasSize(2).allSatisfy(scan -> {
            assertThat(scan.getString("status")).isEqualTo("completed");
            assertThat(scan.getString("image_digest")).isEqualTo(first.digest());
            assertThat(scan.getInteger("package_count")).isEqualTo(PushScanTest.PACKAGES);
        });
        assertThat(scans).extracting(scan -> scan.getBoolean("reused")).containsExactly(false, true);
        assertThat(scans.get(1).getString("sbom")).isEqualTo(scans.get(0).getString("sbom"));
        assertThat(firstSeenOfLog4Shell(first.digest())).isEqualTo(firstSeen);
        assertThat(rows.count("SELECT count(*) FROM image_reference WHERE repository = $1 AND pushed_digest = $2",
                first.repository(), first.digest())).isEqualTo(2);
        assertThat(sink.awaitMatching(scannedFor(first.repository()), 2, Duration.ofSeconds(10))
                .stream().map(event -> event.getSubject())).contains(first.registry() + "/" + first.repository()
                + ":b@" + first.digest());
    }

    @Test
    void aForcedRequestAnalysesAgainAndBumpsLastSeenOnly(@TempDir Path work) {
        TestImages.Pushed image = pushNew(work, "1.0");
        pushEvent(image, image.tag(), image.digest()).post().statusCode(204);
        OffsetDateTime firstSeen = firstSeenOfLog4Shell(image.digest());
        OffsetDateTime lastSeen = lastSeenOfLog4Shell(image.digest());
        UUID scanId = UUID.randomUUID();
        // The API records the queued scan before it emits the request.
        db.rows("INSERT INTO scan (id, status, trigger, registry, repository, tag, force) "
                + "VALUES ($1, 'queued', 'request', $2, $3, $4, true)",
                Tuple.of(scanId, image.registry(), image.repository(), image.tag()));

        Deliveries.Delivery.of(new ScanRequested(scanId, image.registry(), image.repository(), image.tag(), null,
                true, Instant.now(), "alice")).post().statusCode(204);

        Row scan = rows.scan(scanId);
        assertThat(scan.getString("status")).isEqualTo("completed");
        assertThat(scan.getString("trigger")).isEqualTo("request");
        assertThat(scan.getBoolean("reused")).isFalse();
        assertThat(firstSeenOfLog4Shell(image.digest())).isEqualTo(firstSeen);
        assertThat(lastSeenOfLog4Shell(image.digest())).isAfter(lastSeen);
        assertThat(rows.openFindings(image.digest())).containsExactlyElementsOf(PushScanTest.EXPECTED_OPEN);
    }

    @Test
    void aRequestWhoseRowIsMissingCreatesItWithItsIdAndItsEventIdAsCorrelation(@TempDir Path work) {
        TestImages.Pushed image = pushNew(work, "1.0");
        UUID scanId = UUID.randomUUID();

        var request = Deliveries.Delivery.of(new ScanRequested(scanId, image.registry(), image.repository(), null,
                image.digest(), false, Instant.now(), "sweeper")).uncorrelated();
        request.post().statusCode(204);

        assertThat(rows.scan(scanId).getString("status")).isEqualTo("completed");
        assertThat(rows.scan(scanId).getString("requested_by")).isEqualTo("sweeper");
        // Without a correlationid extension the incoming event's id starts the journey.
        assertThat(rows.scan(scanId).getString("correlation_id")).isEqualTo(request.id());
        CloudEvent scanned = sink.awaitMatching(event -> event.getType().equals(EventTypes.IMAGE_SCANNED)
                && event.getData() != null && new String(event.getData().toBytes()).contains(scanId.toString()), 1,
                Duration.ofSeconds(10)).getFirst();
        assertThat(scanned.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(request.id());
    }

    @Test
    void twoPushesOfOneDigestAtOnceLeaveConsistentRows(@TempDir Path work) throws Exception {
        TestImages.Pushed image = pushNew(work, "x");
        TestImages.push(work, image.digest(), image.registry(), image.repository(), "y");
        var x = pushEvent(image, "x", image.digest());
        var y = pushEvent(image, "y", image.digest());
        var first = x.postInBackground();
        var second = y.postInBackground();

        first.get().statusCode(204);
        second.get().statusCode(204);
        assertThat(rows.scansOf(image.repository())).hasSize(2)
                .allSatisfy(scan -> assertThat(scan.getString("status")).isEqualTo("completed"));
        assertThat(rows.count("SELECT count(*) FROM image_package WHERE image_digest = $1", image.digest()))
                .isEqualTo(PushScanTest.PACKAGES);
        assertThat(rows.count("SELECT count(DISTINCT ordinal) FROM image_package WHERE image_digest = $1",
                image.digest())).isEqualTo(PushScanTest.PACKAGES);
        assertThat(rows.openFindings(image.digest())).containsExactlyElementsOf(PushScanTest.EXPECTED_OPEN);
    }

    private TestImages.Pushed pushNew(Path work, String tag) {
        String repository = "team/idem-" + UUID.randomUUID().toString().substring(0, 8);
        String digest = TestImages.debianWithLog4j(work, repository);
        return TestImages.push(work, digest, registry.hostPort(), repository, tag);
    }

    static Deliveries.Delivery pushEvent(TestImages.Pushed image, String tag, String digest) {
        return Deliveries.Delivery.of(new ImagePushed(image.registry(), image.repository(), tag, digest, null,
                Instant.now(), SourceKind.DISTRIBUTION, null));
    }

    static Predicate<CloudEvent> scannedFor(String repository) {
        return event -> event.getType().equals(EventTypes.IMAGE_SCANNED)
                && event.getSubject().matches(".*/" + Pattern.quote(repository) + "[:@].*");
    }

    private OffsetDateTime firstSeenOfLog4Shell(String digest) {
        return log4Shell(digest).getOffsetDateTime("first_seen");
    }

    private OffsetDateTime lastSeenOfLog4Shell(String digest) {
        return log4Shell(digest).getOffsetDateTime("last_seen");
    }

    private Row log4Shell(String digest) {
        return rows.findings(digest).stream().filter(row -> row.getString("vulnerability_id")
                .equals("CVE-2021-44228")).findFirst().orElseThrow();
    }
}
