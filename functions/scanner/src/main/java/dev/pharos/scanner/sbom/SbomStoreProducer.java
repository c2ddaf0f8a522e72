package dev.pharos.scanner.sbom;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.ScannerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The configured {@link SbomStore}: {@code local} or {@code s3}. S3 credentials come from the SDK's default chain
 * (environment, web identity for IRSA, instance profile), never from Pharos configuration.
 */
@Singleton
public class SbomStoreProducer {

    @Produces
    @Singleton
    SbomStore sbomStore(ScannerConfig config) {
        ScannerConfig.Sbom sbom = config.sbom();
        return switch (sbom.store()) {
            case "local" -> new LocalSbomStore(sbom.directory());
            case "s3" -> new S3SbomStore(s3(sbom.s3()), sbom.s3().bucket().orElseThrow(() -> new PharosException(
                    PharosException.Kind.INVALID_CONFIG, "pharos.scanner.sbom.s3.bucket is required")),
                    sbom.s3().prefix());
            default -> throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                    "pharos.scanner.sbom.store must be local or s3, not '" + sbom.store() + "'");
        };
    }

    private static S3Client s3(ScannerConfig.S3 s3) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(s3.region())).forcePathStyle(s3.pathStyle());
        s3.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
