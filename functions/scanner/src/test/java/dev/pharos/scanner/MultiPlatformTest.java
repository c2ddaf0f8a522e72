package dev.pharos.scanner;

import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.Skopeo;
import dev.pharos.scanner.store.Db;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-arch push: the registry reports the index digest; the scanner analyses the configured platform's
 * manifest (linux/amd64) and records both (image-spec image-index.md).
 */
@QuarkusTest
@QuarkusTestResource(ScannerTestResource.class)
class MultiPlatformTest {
    @Inject
    Db db;
    @Inject
    AdvisoryStore advisories;

    @Test
    void theConfiguredPlatformOfAnIndexIsAnalysedAndTheIndexDigestKeptAsPushed(@TempDir Path work) throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        SuiteAdvisories.load(advisories, "");
        String repository = "team/multi-" + UUID.randomUUID().toString().substring(0, 8);
        String amd64 = TestImages.push(work.resolve("amd64"), TestImages.debianWithLog4j(work.resolve("amd64"),
                repository + "/amd64"), registry.hostPort(), repository, "amd64").digest();
        String arm64 = TestImages.push(work.resolve("arm64"), TestImages.debianWithLog4j(work.resolve("arm64"),
                repository + "/arm64"), registry.hostPort(), repository, "arm64").digest();
        String index = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": %d,
                   "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": %d,
                   "platform": {"os": "linux", "architecture": "amd64"}}]}""".formatted(
                arm64, manifestSize(registry, repository, "arm64"), amd64, manifestSize(registry, repository, "amd64"));
        String indexDigest = putIndex(registry, repository, "1.0", index);

        IdempotencyTest.pushEvent(new TestImages.Pushed(registry.hostPort(), repository, "1.0", indexDigest), "1.0",
                indexDigest).post().statusCode(204);

        Row scan = new ScanRows(db).scansOf(repository).getFirst();
        assertThat(scan.getString("status")).isEqualTo("completed");
        assertThat(scan.getString("digest")).isEqualTo(indexDigest);
        assertThat(scan.getString("image_digest")).isEqualTo(amd64);
        assertThat(new ScanRows(db).count("SELECT count(*) FROM image_reference WHERE repository = $1 AND tag = '1.0'"
                + " AND pushed_digest = $2 AND image_digest = $3", repository, indexDigest, amd64)).isEqualTo(1);
        assertThat(new ScanRows(db).count("SELECT count(*) FROM image WHERE digest = $1", arm64)).isZero();
    }

    @Test
    void anIndexWithoutTheConfiguredPlatformIsAnUnsupportedImage(@TempDir Path work) throws Exception {
        DistributionRegistry registry = PushScanTest.requireRegistry();
        String repository = "team/arm-only-" + UUID.randomUUID().toString().substring(0, 8);
        String arm64 = TestImages.push(work, TestImages.debianWithLog4j(work, repository), registry.hostPort(),
                repository, "arm64").digest();
        String indexDigest = putIndex(registry, repository, "1.0", """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": %d,
                   "platform": {"os": "linux", "architecture": "arm64"}}]}""".formatted(arm64,
                manifestSize(registry, repository, "arm64")));

        IdempotencyTest.pushEvent(new TestImages.Pushed(registry.hostPort(), repository, "1.0", indexDigest), "1.0",
                indexDigest).post().statusCode(204);

        Row scan = new ScanRows(db).scansOf(repository).getFirst();
        assertThat(scan.getString("status")).isEqualTo("failed");
        assertThat(scan.getString("failure_reason")).isEqualTo("unsupported");
        assertThat(scan.getString("failure_message")).contains("no image for platform linux/amd64");
    }

    private static int manifestSize(DistributionRegistry registry, String repository, String tag) {
        return Skopeo.inspectRaw(registry.hostPort() + "/" + repository + ":" + tag)
                .getBytes(StandardCharsets.UTF_8).length;
    }

    /** distribution-spec "Pushing Manifests": PUT /v2/<name>/manifests/<tag>; returns the index digest. */
    private static String putIndex(DistributionRegistry registry, String repository, String tag, String index)
            throws Exception {
        byte[] body = index.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + registry.hostPort() + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(digest);
        return digest;
    }
}
