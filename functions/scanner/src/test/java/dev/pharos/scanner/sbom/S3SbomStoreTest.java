package dev.pharos.scanner.sbom;

import dev.pharos.core.error.PharosException;
import dev.pharos.harness.MotoServer;
import dev.pharos.harness.Peers;
import dev.pharos.scanner.ScannerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SBOMs in S3, against moto's real S3 API: path-style addressing and an endpoint override, as for MinIO. */
class S3SbomStoreTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static MotoServer moto;
    private static S3Client s3;

    @BeforeAll
    static void startMoto() {
        Peers.require(MotoServer.available(), "moto_server is not installed");
        moto = MotoServer.start();
        // The store takes credentials from the SDK's default chain, whose first link is these properties.
        System.setProperty("aws.accessKeyId", "moto");
        System.setProperty("aws.secretAccessKey", "moto");
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint()).forcePathStyle(true)
                .build();
        s3.createBucket(request -> request.bucket("sboms"));
    }

    @AfterAll
    static void stopMoto() {
        Peers.closeAll(s3, moto);
    }

    @Test
    void anSbomIsStoredUnderItsDigestAndReadsBackExactly() {
        SbomStore store = S3SbomStore.of(config("sboms", "pharos/"));
        byte[] document = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}".getBytes(StandardCharsets.UTF_8);

        String reference = store.put(DIGEST, document);

        assertThat(reference).isEqualTo("s3://sboms/pharos/sha256/" + "ab".repeat(32) + ".cdx.json");
        ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(request -> request.bucket("sboms")
                .key("pharos/sha256/" + "ab".repeat(32) + ".cdx.json"));
        assertThat(stored.asByteArray()).isEqualTo(document);
        assertThat(stored.response().contentType()).isEqualTo("application/vnd.cyclonedx+json");

        byte[] rescanned = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":2}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(store.put(DIGEST, rescanned)).isEqualTo(reference);
        assertThat(s3.getObjectAsBytes(request -> request.bucket("sboms")
                .key("pharos/sha256/" + "ab".repeat(32) + ".cdx.json")).asByteArray()).isEqualTo(rescanned);
    }

    @Test
    void aMissingBucketIsUnavailableSoTheScanIsRetried() {
        SbomStore store = S3SbomStore.of(config("no-such-bucket", "sboms/"));

        assertThatThrownBy(() -> store.put(DIGEST, new byte[] {'{', '}'}))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("s3://no-such-bucket/sboms/sha256/");
                });
    }

    @Test
    void aStoreWithoutABucketIsAConfigurationError() {
        assertThatThrownBy(() -> S3SbomStore.of(config(null, "sboms/")))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.INVALID_CONFIG));
    }

    private static ScannerConfig.S3 config(String bucket, String prefix) {
        return new ScannerConfig.S3() {
            @Override
            public Optional<String> bucket() {
                return Optional.ofNullable(bucket);
            }

            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.ofNullable(moto).map(MotoServer::endpoint);
            }

            @Override
            public boolean pathStyle() {
                return true;
            }
        };
    }
}
