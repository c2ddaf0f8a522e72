package dev.pharos.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.VulndbUpdated;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.OsvImporter;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.scanner.store.Db;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * vulndb.updated re-matches stored packages without pulling (the registry is gone by then), a bounded batch per
 * delivery with a continuation event for the rest, and announces only images whose open findings changed. The
 * advisory names an npm package only this test's images contain, so the other test classes' images (re-matched
 * too, in the shared database) keep their findings.
 */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class RematchTest {
    @Inject
    Db db;
    @Inject
    AdvisoryStore advisories;

    private final CapturingSink sink = ScannerTestResource.sink();
    private final String probe = "pharos-rematch-probe-" + UUID.randomUUID().toString().substring(0, 8);
    private final String advisory = "PHAROS-REMATCH-" + probe.substring(probe.length() - 8).toUpperCase();

    @Test
    void newAdvisoriesAreMatchedAgainstStoredPackagesInBatchesAndOnlyChangesAreAnnounced(@TempDir Path work)
            throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        SuiteAdvisories.load(advisories, "");
        List<String> digests = new ArrayList<>();
        Set<String> repositories = new HashSet<>();
        try (RegistryRelay relay = RegistryRelay.to(registry.hostPort())) {
            for (int i = 0; i <= ScannerTestResource.REMATCH_BATCH; i++) {
                TestImages.Pushed image = pushProbeImage(work.resolve("image-" + i), registry, relay);
                IdempotencyTest.pushEvent(image, "1.0", image.digest()).post().statusCode(204);
                digests.add(image.digest());
                repositories.add(image.repository());
            }
        }
        ScanRows rows = new ScanRows(db);
        String probeFinding = advisory + " " + probe;
        digests.forEach(digest -> assertThat(rows.openFindings(digest))
                .containsExactlyElementsOf(PushScanTest.EXPECTED_OPEN));

        long generation = importProbeAdvisory(work.resolve("v1"), "2026-11-24T00:00:00Z", false);
        Deliveries.Delivery update = update(generation);
        List<CloudEvent> continuations = deliverFollowingContinuations(update);

        assertThat(continuations).isNotEmpty().allSatisfy(next -> {
            assertThat(next.getSource().toString()).isEqualTo("/pharos/scanner");
            assertThat(next.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(update.correlationId());
        });
        for (String digest : digests) {
            assertThat(rows.openFindings(digest)).contains(probeFinding).hasSize(PushScanTest.EXPECTED_OPEN.size() + 1);
            assertThat(rows.image(digest).getLong("matched_generation")).isGreaterThanOrEqualTo(generation);
        }
        assertThat(rematchScans(digests)).isEqualTo(digests.size());
        assertThat(rematchEvents(repositories)).isEqualTo(digests.size());
        assertThat(sink.schemaViolations()).isEmpty();

        // Redelivered, continuations included: every image is current, nothing is matched or announced again.
        update.post().statusCode(204);
        continuations.forEach(next -> redeliver(next).statusCode(204));
        assertThat(rematchScans(digests)).isEqualTo(digests.size());
        assertThat(rematchEvents(repositories)).isEqualTo(digests.size());

        // Withdrawn: the finding is resolved. Restored: reopened, with its first sighting kept.
        String digest = digests.getFirst();
        OffsetDateTime firstSeen = probeFinding(digest).getOffsetDateTime("first_seen");
        deliverFollowingContinuations(update(importProbeAdvisory(work.resolve("v2"), "2026-11-25T00:00:00Z", true)));
        assertThat(rows.openFindings(digest)).doesNotContain(probeFinding);
        assertThat(probeFinding(digest).getOffsetDateTime("resolved_at")).isNotNull();
        deliverFollowingContinuations(update(importProbeAdvisory(work.resolve("v3"), "2026-11-26T00:00:00Z", false)));
        assertThat(rows.openFindings(digest)).contains(probeFinding);
        assertThat(probeFinding(digest).getOffsetDateTime("resolved_at")).isNull();
        assertThat(probeFinding(digest).getOffsetDateTime("first_seen")).isEqualTo(firstSeen);
        assertThat(rematchEvents(repositories)).isEqualTo(3L * digests.size());
    }

    @Test
    void aRematchScanTheBrokerRefusedIsAnnouncedByTheNextDelivery() {
        UUID scanId = UUID.randomUUID();
        String digest = "sha256:" + "ef".repeat(32);
        // What a delivery leaves behind when the broker refuses the rematch's image.scanned: findings recorded, the
        // scan written but still running.
        db.rows("""
                INSERT INTO scan (id, status, trigger, registry, repository, tag, digest, image_digest, correlation_id,
                                  engine, reused, package_count, severities, attempts, started_at, finished_at)
                VALUES ($1, 'running', 'rematch', '127.0.0.1:5000', 'team/refused', '1.0', $2, $2, 'corr-refused',
                        'native', true, 3, '{"critical":1,"high":0,"medium":0,"low":0,"none":0,"unknown":0}', 1,
                        now(), now())""", Tuple.of(scanId, digest));

        update(advisories.currentGeneration()).post().statusCode(204);

        assertThat(new ScanRows(db).scan(scanId).getString("status")).isEqualTo("completed");
        CloudEvent announced = sink.awaitMatching(event -> event.getType().equals(EventTypes.IMAGE_SCANNED)
                && data(event).get("scanId").asText().equals(scanId.toString()), 1, Duration.ofSeconds(10)).getFirst();
        assertThat(data(announced).get("trigger").asText()).isEqualTo("rematch");
        assertThat(data(announced).get("severities").get("critical").asInt()).isEqualTo(1);
        assertThat(announced.getExtension(EventTypes.CORRELATION_ID)).isEqualTo("corr-refused");
        assertThat(sink.schemaViolations()).isEmpty();
    }

    /** The Debian + log4j image plus an npm package that only this test's advisory names. */
    private TestImages.Pushed pushProbeImage(Path layout, DistributionRegistry registry, RegistryRelay relay) {
        String repository = "team/rematch-" + UUID.randomUUID().toString().substring(0, 8);
        String digest = OciImageBuilder.image()
                .layer(Map.of("etc/os-release", TestImages.OS_RELEASE.getBytes(StandardCharsets.UTF_8),
                        "var/lib/dpkg/status", TestImages.read(TestImages.engineFixture(
                                "catalog/dpkg/real/var/lib/dpkg/status"))))
                .layer(Map.of(TestImages.LOG4J_JAR, TestImages.read(Path.of("target/java-fixtures/log4j-core-2.14.1.jar")),
                        "app/marker.txt", repository.getBytes(StandardCharsets.UTF_8)))
                .layer(Map.of("app/node_modules/" + probe + "/package.json",
                        ("{\"name\":\"" + probe + "\",\"version\":\"1.0.0\"}").getBytes(StandardCharsets.UTF_8)))
                .tag("scan").writeTo(layout);
        TestImages.push(layout, digest, registry.hostPort(), repository, "1.0");
        // Scanned through the relay, which is closed before any rematch: a pull would fail.
        return new TestImages.Pushed(relay.hostPort(), repository, "1.0", digest);
    }

    private long importProbeAdvisory(Path directory, String modified, boolean withdrawn) throws IOException {
        String record = """
                {"schema_version": "1.6.0", "id": "%s", "modified": "%s", %s
                 "summary": "a package that exists only in this test's images",
                 "affected": [{"package": {"ecosystem": "npm", "name": "%s"},
                               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "2.0.0"}]}]}],
                 "database_specific": {"severity": "HIGH"}}""".formatted(advisory, modified,
                withdrawn ? "\"withdrawn\": \"" + modified + "\"," : "", probe);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(advisory + ".json"), record);
        var report = new OsvImporter(advisories, ImportLimits.DEFAULTS).importDirectory(directory);
        assertThat(report.inserted() + report.updated()).isEqualTo(1);
        return advisories.recordGeneration(directory.toString(), report);
    }

    private static Deliveries.Delivery update(long generation) {
        return Deliveries.Delivery.of(new VulndbUpdated(generation, "test", 0, 1, Instant.now()));
    }

    /** Delivers the update and, as the broker would, every continuation it leads to; returns the continuations. */
    private List<CloudEvent> deliverFollowingContinuations(Deliveries.Delivery update) {
        update.post().statusCode(204);
        Set<String> delivered = new HashSet<>();
        List<CloudEvent> continuations = new ArrayList<>();
        while (true) {
            List<CloudEvent> pending = sink.events().stream()
                    .filter(event -> event.getType().equals(EventTypes.VULNDB_UPDATED))
                    .filter(event -> update.correlationId().equals(event.getExtension(EventTypes.CORRELATION_ID)))
                    .filter(event -> delivered.add(event.getId()))
                    .toList();
            if (pending.isEmpty()) {
                return continuations;
            }
            pending.forEach(event -> redeliver(event).statusCode(204));
            continuations.addAll(pending);
        }
    }

    private Row probeFinding(String digest) {
        return db.rows("SELECT * FROM finding WHERE image_digest = $1 AND vulnerability_id = $2",
                Tuple.of(digest, advisory)).getFirst();
    }

    private long rematchScans(List<String> digests) {
        return db.rows("SELECT count(*) FROM scan WHERE trigger = 'rematch' AND status = 'completed' AND reused"
                + " AND image_digest = ANY($1)", Tuple.of(digests.toArray(String[]::new))).getFirst().getLong(0);
    }

    private long rematchEvents(Set<String> repositories) {
        return sink.events().stream().filter(event -> event.getType().equals(EventTypes.IMAGE_SCANNED))
                .map(RematchTest::data)
                .filter(data -> data.get("trigger").asText().equals("rematch"))
                .filter(data -> repositories.contains(data.get("repository").asText()))
                .count();
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return new ObjectMapper().readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ValidatableResponse redeliver(CloudEvent event) {
        return new Deliveries.Delivery(event.getId(), event.getSource().toString(),
                (String) event.getExtension(EventTypes.CORRELATION_ID), null)
                .postRaw(event.getType(), event.getData().toBytes());
    }
}
