package dev.pharos.scanner.sbom;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.ScannerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The configured {@link SbomStore}: {@code local} or {@code s3}. */
@Singleton
public class SbomStoreProducer {

    @Produces
    @Singleton
    SbomStore sbomStore(ScannerConfig config) {
        ScannerConfig.Sbom sbom = config.sbom();
        return switch (sbom.store()) {
            case "local" -> new LocalSbomStore(sbom.directory());
            case "s3" -> S3SbomStore.of(sbom.s3());
            default -> throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                    "pharos.scanner.sbom.store must be local or s3, not '" + sbom.store() + "'");
        };
    }
}
