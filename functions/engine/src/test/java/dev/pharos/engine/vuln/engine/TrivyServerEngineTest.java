package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.vuln.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.pharos.engine.vuln.engine.EngineFixtures.JACKSON;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LIBSSL;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LODASH;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LOG4J;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LOGIN;
import static dev.pharos.engine.vuln.engine.TrivyStandIn.DELETE_BLOBS;
import static dev.pharos.engine.vuln.engine.TrivyStandIn.PUT_BLOB;
import static dev.pharos.engine.vuln.engine.TrivyStandIn.SCAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Trivy server engine against {@link TrivyStandIn}, which checks nothing itself but records every request for
 * the assertions here. Its answers are written from Trivy's RPC definitions (see
 * {@code vuln/engine/trivy/README.md}), not captured from a server.
 */
class TrivyServerEngineTest {
    private static final String TOKEN = "s3cret-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrivyStandIn trivy;

    @BeforeEach
    void start() throws IOException {
        trivy = new TrivyStandIn(TOKEN);
        trivy.answer(SCAN, TrivyStandIn.Answer.ok(EngineFixtures.resource("vuln/engine/trivy/scan-response.json")));
    }

    @AfterEach
    void stop() {
        trivy.close();
    }

    private TrivyServerEngine engine(Optional<String> token, Duration timeout, long maxRequest, long maxResponse) {
        return new TrivyServerEngine(new TrivyServerEngine.Config(trivy.uri(), token, timeout, maxRequest,
                maxResponse));
    }

    private TrivyServerEngine engine() {
        return engine(Optional.of(TOKEN), Duration.ofSeconds(10), 1 << 20, 1 << 20);
    }

    @Test
    void sendsTheInventoryAsOneBlobScansItAndDeletesIt() throws IOException {
        engine().scan(EngineFixtures.inventory());

        assertThat(trivy.paths()).containsExactly(PUT_BLOB, SCAN, DELETE_BLOBS);
        assertThat(trivy.requests()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(request.token()).contains(TOKEN);
        });
        JsonNode putBlob = JSON.readTree(trivy.requests().get(0).body());
        String blobId = putBlob.path("diff_id").asText();
        assertThat(blobId).matches("sha256:[0-9a-f]{64}");
        ObjectNode blobInfo = (ObjectNode) putBlob.path("blob_info");
        assertThat(blobInfo.remove("diff_id").asText()).isEqualTo(blobId);
        // The older servers' name for an application's packages carries the same list.
        blobInfo.path("applications").forEach(application -> assertThat(((ObjectNode) application)
                .remove("libraries")).isEqualTo(application.path("packages")));
        // Hand-written expectation: dpkg versions split as Trivy's dpkg analyzer splits them (Debian Policy 5.6.12).
        assertThat(blobInfo).isEqualTo(JSON.readTree(EngineFixtures.resource("vuln/engine/trivy/blob-info.json")));

        JsonNode scan = JSON.readTree(trivy.requests().get(1).body());
        assertThat(scan.path("target").asText()).isEqualTo("registry.example/team/app:1.0");
        assertThat(scan.path("artifact_id").asText()).isEqualTo(blobId);
        assertThat(texts(scan.path("blob_ids"))).containsExactly(blobId);
        assertThat(texts(scan.path("options").path("pkg_types"))).containsExactly("os", "library");
        assertThat(texts(scan.path("options").path("vuln_type"))).containsExactly("os", "library");
        assertThat(texts(scan.path("options").path("scanners"))).containsExactly("vuln");
        assertThat(texts(scan.path("options").path("security_checks"))).containsExactly("vuln");

        JsonNode delete = JSON.readTree(trivy.requests().get(2).body());
        assertThat(texts(delete.path("blob_ids"))).containsExactly(blobId);
    }

    @Test
    void everyScanGetsItsOwnBlobSoConcurrentScansDoNotDeleteEachOthers() throws IOException {
        engine().scan(EngineFixtures.inventory());
        engine().scan(EngineFixtures.inventory());

        List<String> blobIds = trivy.requests().stream().filter(request -> request.path().equals(PUT_BLOB))
                .map(request -> readTree(request.body()).path("diff_id").asText()).toList();
        assertThat(blobIds).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void findingsAreMappedBackToOurPackagesById_Purl_AndNameVersionPath() {
        List<Finding> findings = engine().scan(EngineFixtures.inventory());

        assertThat(findings).containsExactlyInAnyOrder(
                new Finding("CVE-2023-5678", List.of(), LIBSSL, List.of("3.0.13-1~deb12u1"), Finding.FixState.FIXED,
                        severity("MEDIUM", 5.3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"),
                        Instant.parse("2024-05-01T18:15:12.393Z")),
                // Level from Debian (severity_source), which has no CVSS: the vector is NVD's, before Red Hat's.
                new Finding("CVE-2023-4641", List.of("DLA-3800-1"), LOGIN, List.of(), Finding.FixState.NOT_FIXED,
                        severity("LOW", 4.7, "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N"),
                        Instant.parse("2024-05-03T16:15:11.093Z")),
                new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), LOG4J,
                        List.of("2.15.0", "2.3.1", "2.12.2"), Finding.FixState.FIXED,
                        severity("CRITICAL", 10.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"),
                        Instant.parse("2023-11-07T03:39:36.747Z")),
                new Finding("CVE-2020-36518", List.of("GHSA-57j2-w4cx-62h2"), JACKSON,
                        List.of("2.12.6.1", "2.13.2.1"), Finding.FixState.FIXED,
                        severity("HIGH", 7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
                        Instant.parse("2024-03-27T16:04:48.863Z")),
                new Finding("CVE-2021-23337", List.of("GHSA-35jh-r3h4-6jhm"), LODASH, List.of("4.17.21"),
                        Finding.FixState.FIXED,
                        severity("HIGH", 7.2, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"),
                        Instant.parse("2021-02-15T13:15:12.560Z")));
        assertThat(findings).extracting(Finding::id).doesNotContain("CVE-2023-6129"); // status 1: not affected
    }

    @Test
    void aWrongTokenIsAConfigurationErrorThatDoesNotRevealTheToken() {
        assertThatThrownBy(() -> engine(Optional.of("wrong-token"), Duration.ofSeconds(10), 1 << 20, 1 << 20)
                .scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains("trivy-server", "PutBlob", "401", "invalid token")
                            .doesNotContain("wrong-token");
                });
    }

    @Test
    void noTokenSendsNoTokenHeader() {
        assertThatThrownBy(() -> engine(Optional.empty(), Duration.ofSeconds(10), 1 << 20, 1 << 20)
                .scan(EngineFixtures.inventory()))
                .hasMessageContaining("no Trivy token configured");
        assertThat(trivy.requests()).allSatisfy(request -> assertThat(request.token()).isEmpty());
    }

    @Test
    void aServerErrorIsTransientAndTheBlobIsStillDeleted() throws IOException {
        trivy.answer(SCAN, TrivyStandIn.Answer.twirpError(500, "internal",
                "failed scan, registry.example/team/app:1.0: DB error"));

        assertThatThrownBy(() -> engine().scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("trivy-server", "Scan", "500", "internal: failed scan");
                });
        assertThat(trivy.paths()).containsExactly(PUT_BLOB, SCAN, DELETE_BLOBS);
        assertDeletedTheBlobItPut();
    }

    @Test
    void aScanThatTakesTooLongTimesOutAsTransientAndTheBlobIsStillDeleted() throws IOException {
        trivy.answer(SCAN, new TrivyStandIn.Answer(200, "{}", 5_000));

        assertThatThrownBy(() -> engine(Optional.of(TOKEN), Duration.ofMillis(500), 1 << 20, 1 << 20)
                .scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("trivy-server", "Scan", "timed out");
                });
        assertThat(trivy.paths()).containsExactly(PUT_BLOB, SCAN, DELETE_BLOBS);
        assertDeletedTheBlobItPut();
    }

    @Test
    void anAnswerThatIsNotJsonIsInternalAndTheBlobIsStillDeleted() {
        trivy.answer(SCAN, TrivyStandIn.Answer.ok("<html>gateway</html>"));

        assertThatThrownBy(() -> engine().scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INTERNAL);
                    assertThat(e.getMessage()).contains("trivy-server", "not JSON");
                });
        assertThat(trivy.paths()).containsExactly(PUT_BLOB, SCAN, DELETE_BLOBS);
    }

    @Test
    void aFailedDeleteIsAddedToTheScanFailureNotInsteadOfIt() {
        trivy.answer(SCAN, TrivyStandIn.Answer.twirpError(503, "unavailable", "busy"));
        trivy.answer(DELETE_BLOBS, TrivyStandIn.Answer.twirpError(500, "internal", "cache write failed"));

        assertThatThrownBy(() -> engine().scan(EngineFixtures.inventory()))
                .hasMessageContaining("Scan answered HTTP 503")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s.getMessage()).contains("DeleteBlobs", "cache write failed")));
    }

    @Test
    void aFailedDeleteAfterASuccessfulScanDoesNotLoseTheFindings() {
        trivy.answer(DELETE_BLOBS, TrivyStandIn.Answer.twirpError(500, "internal", "cache write failed"));

        assertThat(engine().scan(EngineFixtures.inventory())).hasSize(5);
    }

    @Test
    void aServerThatIsNotTrivyIsUnsupported() {
        trivy.answer(PUT_BLOB, TrivyStandIn.Answer.twirpError(404, "bad_route", "no handler for path"));

        assertThatThrownBy(() -> engine().scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNSUPPORTED));
        assertThat(trivy.paths()).containsExactly(PUT_BLOB, DELETE_BLOBS);
    }

    @Test
    void noServerListeningIsTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TrivyServerEngine engine = new TrivyServerEngine(new TrivyServerEngine.Config(
                URI.create("http://127.0.0.1:" + port), Optional.of(TOKEN), Duration.ofSeconds(5), 1 << 20, 1 << 20));

        assertThatThrownBy(() -> engine.scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("trivy-server", "cannot connect", "127.0.0.1:" + port);
                });
    }

    @Test
    void anAnswerLargerThanTheBoundIsRefused() {
        assertThatThrownBy(() -> engine(Optional.of(TOKEN), Duration.ofSeconds(10), 1 << 20, 1_000)
                .scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("Scan", "exceeds 1000 bytes");
                });
    }

    @Test
    void anInventoryLargerThanTheRequestBoundIsNeverSent() {
        assertThatThrownBy(() -> engine(Optional.of(TOKEN), Duration.ofSeconds(10), 1_000, 1 << 20)
                .scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("PutBlob request of", "limit of 1000 bytes");
                });
        assertThat(trivy.paths()).doesNotContain(PUT_BLOB, SCAN);
    }

    @Test
    void aVulnerabilityOnAPackageWeDidNotSendIsAnError() {
        trivy.answer(SCAN, TrivyStandIn.Answer.ok("""
                {"results": [{"target": "x", "vulnerabilities": [{"vulnerability_id": "CVE-2024-0001",
                 "pkg_id": "", "pkg_name": "curl", "installed_version": "7.88.1-10", "pkg_path": ""}]}]}"""));

        assertThatThrownBy(() -> engine().scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INTERNAL);
                    assertThat(e.getMessage()).contains("CVE-2024-0001", "curl 7.88.1-10", "did not send");
                });
    }

    @Test
    void osPackagesOfAnOsTrivyDoesNotKnowAreRefusedBeforeAnyRequest() {
        Inventory inventory = EngineFixtures.inventory();
        Inventory gentoo = new Inventory(inventory.subject(), inventory.manifestDigest(), inventory.layers(),
                Optional.of(new OsRelease("gentoo", "2.15", "Gentoo Linux", Optional.empty())),
                inventory.packages(), inventory.unknowns());

        assertThatThrownBy(() -> engine().scan(gentoo))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("trivy-server", "gentoo");
                });
        assertThat(trivy.requests()).isEmpty();
    }

    @Test
    void theConfigurationNeverPrintsTheToken() {
        assertThat(new TrivyServerEngine.Config(trivy.uri(), Optional.of(TOKEN), Duration.ofSeconds(1), 1, 1))
                .asString().doesNotContain(TOKEN).contains("***");
    }

    private void assertDeletedTheBlobItPut() throws IOException {
        String put = JSON.readTree(trivy.requests().get(0).body()).path("diff_id").asText();
        JsonNode delete = JSON.readTree(trivy.requests().get(trivy.requests().size() - 1).body());
        assertThat(texts(delete.path("blob_ids"))).containsExactly(put);
    }

    private static Finding.Severity severity(String level, double score, String vector) {
        return new Finding.Severity(level, Optional.of(score), Optional.of(vector));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
