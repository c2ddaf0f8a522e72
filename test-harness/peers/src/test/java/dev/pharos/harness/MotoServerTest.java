package dev.pharos.harness;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

class MotoServerTest {

    @Test
    void s3PutAndGetThroughMoto() {
        Peers.require(MotoServer.available(), "moto_server not installed (pip install 'moto[server]')");
        try (MotoServer moto = MotoServer.start();
             S3Client s3 = S3Client.builder()
                     .endpointOverride(moto.endpoint())
                     .forcePathStyle(true)
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .build()) {
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            s3.createBucket(b -> b.bucket("pharos-sboms"));
            s3.putObject(p -> p.bucket("pharos-sboms").key("sha256/abc/sbom.cdx.json"),
                    RequestBody.fromString("{\"bomFormat\":\"CycloneDX\"}"));

            String body = s3.getObjectAsBytes(g -> g.bucket("pharos-sboms").key("sha256/abc/sbom.cdx.json")).asUtf8String();
            assertThat(body).isEqualTo("{\"bomFormat\":\"CycloneDX\"}");
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("pharos-sboms");
        }
    }
}
