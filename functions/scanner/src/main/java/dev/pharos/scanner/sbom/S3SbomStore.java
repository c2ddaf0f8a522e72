package dev.pharos.scanner.sbom;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.ScannerConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * SBOMs in an S3 bucket (or an S3-compatible store) under {@code <prefix>sha256/<hex>.cdx.json}. Any failure is
 * {@code UNAVAILABLE}: the scan is retried rather than completed without its SBOM.
 */
public final class S3SbomStore implements SbomStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3SbomStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /**
     * A store with its own client. Credentials come from the SDK's default chain (environment, web identity for
     * IRSA, instance profile), never from Pharos configuration.
     */
    public static S3SbomStore of(ScannerConfig.S3 config) {
        String bucket = config.bucket().orElseThrow(() -> new PharosException(PharosException.Kind.INVALID_CONFIG,
                "pharos.scanner.sbom.s3.bucket is required"));
        S3ClientBuilder client = S3Client.builder().region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle());
        config.endpoint().ifPresent(client::endpointOverride);
        return new S3SbomStore(client.build(), bucket, config.prefix());
    }

    @Override
    public String put(String digest, byte[] cycloneDxJson) {
        String key = prefix + SbomStore.keyOf(digest);
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
                    .contentType("application/vnd.cyclonedx+json").build(), RequestBody.fromBytes(cycloneDxJson));
        } catch (SdkException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "cannot store the SBOM of " + digest
                    + " in s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        return "s3://" + bucket + "/" + key;
    }
}
