package dev.pharos.scanner;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.ImageAnalyzer;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.sbom.CycloneDxWriter;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.registry.CredentialProvider;
import dev.pharos.engine.source.registry.ImageReference;
import dev.pharos.engine.source.registry.RegistryOptions;
import dev.pharos.engine.source.registry.RegistrySource;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.engine.ScanEngine;
import dev.pharos.scanner.engine.AnalysisVersion;
import dev.pharos.scanner.engine.ResolvedOnce;
import dev.pharos.scanner.sbom.SbomStore;
import dev.pharos.scanner.store.ImageReferenceRow;
import dev.pharos.scanner.store.ImageState;
import dev.pharos.scanner.store.ImageStore;
import dev.pharos.scanner.store.ResultStore;
import dev.pharos.scanner.store.ScanResult;
import dev.pharos.scanner.store.ScanRow;
import dev.pharos.scanner.store.ScanStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Optional;

/**
 * One scan's image work: resolve the reference to its platform manifest, then do only what is out of date. A digest
 * whose stored analysis is current (same catalogers) is not pulled again, and one also matched at the current
 * advisory generation by the same engine is not matched again, unless the scan is forced.
 */
@ApplicationScoped
public class ImageScan {
    private final RegistryOptions options;
    private final CredentialProvider credentials;
    private final ImageAnalyzer analyzer;
    private final ScanEngine engine;
    private final AdvisoryStore advisories;
    private final AnalysisVersion analysisVersion;
    private final CycloneDxWriter sbomWriter;
    private final SbomStore sboms;
    private final ImageStore images;
    private final ResultStore results;
    private final ScanStore scans;

    public ImageScan(RegistryOptions options, CredentialProvider credentials, ImageAnalyzer analyzer,
                     ScanEngine engine, AdvisoryStore advisories, AnalysisVersion analysisVersion,
                     CycloneDxWriter sbomWriter, SbomStore sboms, ImageStore images, ResultStore results,
                     ScanStore scans) {
        this.options = options;
        this.credentials = credentials;
        this.analyzer = analyzer;
        this.engine = engine;
        this.advisories = advisories;
        this.analysisVersion = analysisVersion;
        this.sbomWriter = sbomWriter;
        this.sboms = sboms;
        this.images = images;
        this.results = results;
        this.scans = scans;
    }

    /** Runs the scan and records it; returns the completed row. Failures are {@link PharosException}s. */
    public ScanRow run(ScanRow scan) {
        ImageReference reference = new ImageReference(scan.registry(), scan.repository(),
                Optional.ofNullable(scan.tag()), Optional.ofNullable(scan.digest()));
        ImageReferenceRow asPushed = new ImageReferenceRow(scan.registry(), scan.repository(), scan.tag());
        try (ImageSource source = new ResolvedOnce(new RegistrySource(reference, options, credentials))) {
            String digest = source.resolve().manifestDigest();
            scans.resolved(scan.id(), digest);
            String pushedDigest = scan.digest() == null ? digest : scan.digest();
            long generation = advisories.currentGeneration();
            Optional<ImageState> analysed = scan.force() ? Optional.empty() : images.state(digest)
                    .filter(state -> state.analysisVersion().equals(analysisVersion.value()));
            if (analysed.isPresent() && matchedAt(analysed.get(), generation)) {
                return results.reuse(scan, asPushed, pushedDigest, analysed.get());
            }
            ScanResult result = analysed.isPresent()
                    ? match(digest, images.inventory(digest), false, generation, analysed.get().sbom())
                    : analyse(source, digest, generation);
            return results.record(scan, asPushed, pushedDigest, result);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "reading " + reference + " failed: " + e, e);
        }
    }

    private boolean matchedAt(ImageState image, long generation) {
        return image.matchedGeneration() >= generation && image.engine().equals(engine.name());
    }

    private ScanResult analyse(ImageSource source, String digest, long generation) throws IOException {
        Inventory inventory = analyzer.analyze(source);
        return match(digest, inventory, true, generation, sboms.put(digest, sbomWriter.write(inventory)));
    }

    private ScanResult match(String digest, Inventory inventory, boolean analysed, long generation, String sbom) {
        return new ScanResult(digest, inventory, analysed, analysisVersion.value(), generation, engine.name(),
                engine.scan(inventory), sbom);
    }

    /**
     * Re-matches an image's stored packages at the current advisory generation; the rematch scan to announce when
     * its open findings changed.
     */
    public Optional<ScanRow> rematch(String digest, long eventGeneration, String correlationId) {
        ImageReferenceRow reference = images.latestReference(digest).orElseThrow(() -> new PharosException(
                PharosException.Kind.INTERNAL, "image " + digest + " has no reference"));
        ImageState state = images.state(digest).orElseThrow();
        long generation = advisories.currentGeneration();
        Inventory inventory = images.inventory(digest);
        // The stored analysis version stays: the packages are the ones that version produced.
        ScanResult result = new ScanResult(digest, inventory, false, state.analysisVersion(), generation,
                engine.name(), engine.scan(inventory), state.sbom());
        return results.rematch(result, reference, eventGeneration, correlationId);
    }
}
