package dev.pharos.scanner.engine;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.EngineConfig;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.analysis.ImageAnalyzer;
import dev.pharos.engine.analysis.PostgresLayerCache;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.sbom.CycloneDxWriter;
import dev.pharos.engine.source.registry.CredentialProvider;
import dev.pharos.engine.source.registry.CredentialProviders;
import dev.pharos.engine.source.registry.RegistryOptions;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.engine.GrypeEngine;
import dev.pharos.engine.vuln.engine.ScanEngine;
import dev.pharos.engine.vuln.engine.TrivyServerEngine;
import dev.pharos.engine.vuln.match.NativeMatcher;
import dev.pharos.scanner.ScannerConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The engine's parts as the scanner uses them. The scan timeout replaces the engine's {@code max-wall-time}, so
 * one setting bounds a scan; the matching engine is chosen by {@code pharos.scanner.engine}.
 */
@Singleton
public class EngineProducers {
    private final EngineConfig engine;
    private final ScannerConfig scanner;

    public EngineProducers(EngineConfig engine, ScannerConfig scanner) {
        this.engine = engine;
        this.scanner = scanner;
    }

    @Produces
    @Singleton
    ScanLimits limits() {
        ScanLimits limits = engine.scanLimits();
        return new ScanLimits(limits.maxManifestBytes(), limits.maxConfigBytes(), limits.maxLayers(),
                limits.maxUncompressedBytes(), limits.maxFiles(), limits.maxFileBytes(), limits.maxArchiveDepth(),
                scanner.scanTimeout());
    }

    @Produces
    @Singleton
    RegistryOptions registryOptions(ScanLimits limits) {
        return engine.registryOptions().withLimits(limits);
    }

    @Produces
    @Singleton
    CredentialProvider credentials(RegistryOptions options) {
        return CredentialProviders.standard(options);
    }

    @Produces
    @Singleton
    AdvisoryStore advisories(Pool pool) {
        return new AdvisoryStore(pool, scanner.databaseTimeout());
    }

    @Produces
    @Singleton
    ImageAnalyzer analyzer(Catalogers catalogers, Pool pool, ScanLimits limits) {
        return new ImageAnalyzer(catalogers, new PostgresLayerCache(pool, scanner.databaseTimeout()), limits);
    }

    @Produces
    @Singleton
    CycloneDxWriter sbomWriter(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
                               String version) {
        return new CycloneDxWriter(version);
    }

    @Produces
    @Singleton
    ScanEngine matcher(AdvisoryStore advisories, CycloneDxWriter sbom) {
        return switch (scanner.engine()) {
            case "native" -> NativeMatcher.over(advisories);
            case TrivyServerEngine.NAME -> new TrivyServerEngine(new TrivyServerEngine.Config(
                    scanner.trivy().server().orElseThrow(() -> invalid("pharos.scanner.trivy.server is required")),
                    scanner.trivy().token(), scanner.trivy().timeout(), scanner.trivy().maxRequestBytes(),
                    scanner.trivy().maxResponseBytes()));
            case GrypeEngine.NAME -> new GrypeEngine(new GrypeEngine.Config(scanner.grype().executable(),
                    scanner.grype().timeout(), scanner.grype().maxOutputBytes()), sbom);
            default -> throw invalid("pharos.scanner.engine must be native, " + TrivyServerEngine.NAME + " or "
                    + GrypeEngine.NAME + ", not '" + scanner.engine() + "'");
        };
    }

    private static PharosException invalid(String message) {
        return new PharosException(PharosException.Kind.INVALID_CONFIG, message);
    }
}
