package dev.pharos.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.event.EventTypes;
import dev.pharos.core.event.ImagePushed;
import dev.pharos.core.event.SourceKind;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import dev.pharos.scanner.store.Db;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end inside the function: a real image (real Debian dpkg status, real log4j-core jar) in a real registry,
 * an image.pushed posted as the broker posts it, and everything the scan must leave behind.
 */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class PushScanTest {
    /** log4j-core 2.14.1: Log4Shell and its three follow-ups; Debian 12 tar: CVE-2005-2541, never fixed. */
    static final List<String> EXPECTED_OPEN = List.of(
            "CVE-2005-2541 tar",
            "CVE-2021-44228 org.apache.logging.log4j:log4j-core",
            "CVE-2021-44832 org.apache.logging.log4j:log4j-core",
            "CVE-2021-45046 org.apache.logging.log4j:log4j-core",
            "CVE-2021-45105 org.apache.logging.log4j:log4j-core");
    static final int PACKAGES = 153;

    @Inject
    Db db;
    @Inject
    AdvisoryStore advisories;

    private final CapturingSink sink = ScannerTestResource.sink();

    @Test
    void aPushedImageIsScannedRecordedAndAnnounced(@TempDir Path work) throws Exception {
        DistributionRegistry registry = requireRegistry();
        SuiteAdvisories.load(advisories, "");
        String repository = "team/app-" + UUID.randomUUID().toString().substring(0, 8);
        String digest = TestImages.debianWithLog4j(work, repository);
        TestImages.push(work, digest, registry.hostPort(), repository, "1.0");
        var push = Deliveries.Delivery.of(new ImagePushed(registry.hostPort(), repository, "1.0", digest,
                null, Instant.now(), SourceKind.DISTRIBUTION, "ci-bot"));

        push.post().statusCode(204);

        ScanRows rows = new ScanRows(db);
        Row scan = rows.scansOf(repository).getFirst();
        assertThat(scan.getString("status")).isEqualTo("completed");
        assertThat(scan.getString("trigger")).isEqualTo("push");
        assertThat(scan.getString("dedupe_key")).isEqualTo(push.source() + " " + push.id());
        assertThat(scan.getString("image_digest")).isEqualTo(digest);
        assertThat(scan.getBoolean("reused")).isFalse();
        assertThat(scan.getString("engine")).isEqualTo("native");
        assertThat(scan.getInteger("attempts")).isEqualTo(1);
        assertThat(scan.getString("correlation_id")).isEqualTo(push.correlationId());

        Row image = rows.image(digest);
        assertThat(image.getString("os_osv_ecosystem")).isEqualTo("Debian:12");
        // The 152 installed dpkg packages (the fixture's dpkg-query oracle lists 153 entries, one "rc") and the jar.
        assertThat(image.getInteger("package_count")).isEqualTo(PACKAGES);
        assertThat(rows.count("SELECT count(*) FROM image_package WHERE image_digest = $1", digest)).isEqualTo(PACKAGES);
        String[] layers = image.getArrayOfStrings("layers");
        assertThat(layers).hasSize(2);
        Row jar = db.rows("SELECT * FROM image_package WHERE image_digest = $1 AND type = 'MAVEN'",
                io.vertx.mutiny.sqlclient.Tuple.of(digest)).getFirst();
        assertThat(jar.getString("purl")).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(jar.getString("layer_digest")).isEqualTo(layers[1]);
        assertThat(jar.getString("path")).isEqualTo(TestImages.LOG4J_JAR);
        assertThat(rows.count("SELECT count(*) FROM image_reference WHERE repository = $1 AND tag = '1.0'"
                + " AND image_digest = $2", repository, digest)).isEqualTo(1);

        assertThat(rows.openFindings(digest)).containsExactlyElementsOf(EXPECTED_OPEN);
        Row log4shell = rows.findings(digest).stream()
                .filter(row -> row.getString("vulnerability_id").equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log4shell.getString("severity")).isEqualTo("critical");
        assertThat(log4shell.getString("fix_state")).isEqualTo("fixed");
        assertThat(log4shell.getArrayOfStrings("aliases")).contains("GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.getArrayOfStrings("fixed_versions")).contains("2.15.0");
        assertThat(log4shell.getString("layer_digest")).isEqualTo(layers[1]);
        Row tar = rows.findings(digest).stream()
                .filter(row -> row.getString("vulnerability_id").equals("CVE-2005-2541")).findFirst().orElseThrow();
        assertThat(tar.getString("fix_state")).isEqualTo("not_fixed");

        CloudEvent scanned = sink.awaitMatching(event -> event.getType().equals(EventTypes.IMAGE_SCANNED)
                && event.getSubject().contains(repository), 1, Duration.ofSeconds(10)).getFirst();
        assertThat(sink.schemaViolations()).isEmpty();
        assertThat(scanned.getExtension(EventTypes.CORRELATION_ID)).isEqualTo(push.correlationId());
        JsonNode data = new ObjectMapper().readTree(scanned.getData().toBytes());
        assertThat(data.get("scanId").asText()).isEqualTo(scan.getUUID("id").toString());
        assertThat(data.get("digest").asText()).isEqualTo(digest);
        assertThat(data.get("tag").asText()).isEqualTo("1.0");
        assertThat(data.get("trigger").asText()).isEqualTo("push");
        assertThat(data.get("reused").asBoolean()).isFalse();
        assertThat(data.get("packages").asInt()).isEqualTo(PACKAGES);
        JsonNode severities = data.get("severities");
        int total = 0;
        for (String level : List.of("critical", "high", "medium", "low", "none", "unknown")) {
            total += severities.get(level).asInt();
        }
        assertThat(total).isEqualTo(EXPECTED_OPEN.size());
        assertThat(severities.get("critical").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(image.getJsonObject("severities").getInteger("critical"))
                .isEqualTo(severities.get("critical").asInt());

        String sbom = data.get("sbom").asText();
        assertThat(sbom).isEqualTo(scan.getString("sbom")).isEqualTo(image.getString("sbom")).startsWith("file:");
        JsonNode bom = new ObjectMapper().readTree(Files.readAllBytes(Path.of(URI.create(sbom))));
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.get("components").toString()).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("pharos_scanner_scans_total{outcome=\"completed\",trigger=\"push\"}")
                .contains("pharos_scanner_scan_duration_seconds_count{outcome=\"completed\",trigger=\"push\"}")
                .contains("pharos_scanner_findings_total{severity=\"critical\"}");
    }

    static DistributionRegistry requireRegistry() {
        Peers.require(DistributionRegistry.available(), "docker-registry is not installed");
        Peers.require(Skopeo.available(), "skopeo is not installed");
        return ScannerTestResource.registry().orElseThrow();
    }
}
