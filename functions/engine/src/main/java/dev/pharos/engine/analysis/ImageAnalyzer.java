package dev.pharos.engine.analysis;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.layer.LayerListing;
import dev.pharos.engine.layer.LayerWalker;
import dev.pharos.engine.layer.ScanBudget;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An image in, its inventory out: resolves the image, takes what the layer cache knows, walks only the layers (and
 * for them only the catalogers) it does not know, stores what it learnt, then stacks the layers
 * ({@link ImageAssembler}). The cache is what makes an image that shares its base with an already-scanned one cost
 * only its own layers.
 */
public final class ImageAnalyzer {
    private final List<Cataloger> catalogers;
    private final Map<String, Integer> versions;
    private final LayerCache cache;
    private final ScanLimits limits;

    public ImageAnalyzer(Catalogers catalogers, LayerCache cache, ScanLimits limits) {
        this.catalogers = catalogers.all();
        this.versions = this.catalogers.stream().collect(Collectors.toMap(Cataloger::name, Cataloger::version));
        this.cache = cache;
        this.limits = limits;
    }

    public Inventory analyze(ImageSource source) throws IOException {
        ScanBudget budget = ScanBudget.start(limits);
        ResolvedImage image = source.resolve();
        ScanBudget.checkLayerCount(limits, image.layers().size(), image.reference());
        Map<String, CachedLayer> cached = cache.load(
                image.layers().stream().map(Descriptor::digest).distinct().toList(), versions);
        List<LayerView> views = new ArrayList<>();
        for (Descriptor layer : image.layers()) {
            CachedLayer known = cached.get(layer.digest());
            List<Cataloger> missing = catalogers.stream()
                    .filter(cataloger -> !known.byCataloger().containsKey(cataloger.name())).toList();
            if (known.structure().isPresent() && missing.isEmpty()) {
                views.add(new LayerView(layer.digest(), known.structure().get(), known.byCataloger()));
            } else {
                views.add(analyseLayer(source, layer, known, missing, budget));
            }
        }
        return ImageAssembler.assemble(image, views);
    }

    private LayerView analyseLayer(ImageSource source, Descriptor layer, CachedLayer known, List<Cataloger> missing,
                                   ScanBudget budget) throws IOException {
        Map<String, List<PathOutcome>> outcomes = new LinkedHashMap<>();
        missing.forEach(cataloger -> outcomes.put(cataloger.name(), new ArrayList<>()));
        LayerListing listing;
        try (InputStream blob = source.openBlob(layer)) {
            listing = new LayerWalker(budget, Optional.empty()).walk(layer, blob,
                    entry -> missing.stream().anyMatch(cataloger -> cataloger.wants(entry)),
                    (entry, content) -> parse(missing, entry, content, outcomes));
        }
        LayerStructure structure = LayerStructure.of(listing);
        List<CatalogerLayerResult> fresh = missing.stream()
                .map(cataloger -> new CatalogerLayerResult(cataloger.name(), cataloger.version(),
                        outcomes.get(cataloger.name())))
                .toList();
        cache.store(layer.digest(), structure, fresh);
        Map<String, CatalogerLayerResult> all = new LinkedHashMap<>(known.byCataloger());
        fresh.forEach(result -> all.put(result.cataloger(), result));
        return new LayerView(layer.digest(), structure, all);
    }

    /**
     * Gives the file to every cataloger that wants it. A file a cataloger cannot read becomes an unknown of that
     * cataloger, including a cataloger's own bug: one odd file must not cost the whole image its inventory.
     */
    private void parse(List<Cataloger> missing, FileEntry entry, FileContent content,
                       Map<String, List<PathOutcome>> outcomes) {
        for (Cataloger cataloger : missing) {
            if (!cataloger.wants(entry)) {
                continue;
            }
            PathOutcome outcome;
            try {
                outcome = PathOutcome.found(entry.path(), cataloger.parse(entry, content, limits));
            } catch (IOException | CatalogException e) {
                outcome = PathOutcome.unknown(entry.path(), cataloger.name(), e.getMessage());
            } catch (RuntimeException e) {
                outcome = PathOutcome.unknown(entry.path(), cataloger.name(), "cataloger failed: " + e);
            }
            outcomes.get(cataloger.name()).add(outcome);
        }
    }

    /** One layer as the assembler needs it: its structure and every cataloger's results. */
    record LayerView(String digest, LayerStructure structure, Map<String, CatalogerLayerResult> results) {
    }
}
