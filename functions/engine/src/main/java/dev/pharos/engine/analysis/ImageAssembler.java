package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.Unknown;
import dev.pharos.engine.catalog.os.OsIdentification;
import dev.pharos.engine.layer.LayerStack;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ResolvedImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Stacks per-layer results into the image's view ({@link LayerStack}: a higher layer's file replaces a lower one's,
 * whiteouts and opaque directories delete), so a package whose files a later layer removed or replaced is never
 * reported; then completes OS package purls with the OS found.
 */
final class ImageAssembler {
    private ImageAssembler() {
    }

    static Inventory assemble(ResolvedImage image, List<ImageAnalyzer.LayerView> views) {
        List<Unknown> unknowns = new ArrayList<>();
        views.forEach(view -> unknowns.addAll(view.structure().refused()));
        Map<String, OsRelease> osByPath = new LinkedHashMap<>();
        // Keyed by the package itself: the same package found twice at the same path (an npm lockfile and the
        // installed package.json it describes) is one package; the lowest layer that has it is its origin.
        Map<FoundPackage, ImagePackage> packages = new LinkedHashMap<>();
        List<String> catalogers = views.stream().flatMap(view -> view.results().keySet().stream()).distinct()
                .sorted().toList();
        for (String cataloger : catalogers) {
            List<LayerStack.Layer<PathOutcome>> layers = layers(views, cataloger);
            List<Predicate<String>> hidden = LayerStack.hiddenAbove(layers);
            for (LayerStack.Visible<PathOutcome> file : LayerStack.apply(layers)) {
                PathOutcome outcome = file.payload();
                outcome.os().ifPresent(os -> osByPath.put(outcome.path(), os));
                unknowns.addAll(outcome.unknowns());
                outcome.packages().stream()
                        .filter(pkg -> !pointsElsewhere(pkg, outcome) || !hidden.get(file.layerIndex()).test(pkg.path()))
                        .forEach(pkg -> packages.putIfAbsent(pkg, new ImagePackage(pkg, Optional.of(file.layerId()))));
            }
        }
        Optional<OsRelease> os = OsIdentification.choose(osByPath);
        List<ImagePackage> qualified = packages.values().stream()
                .map(p -> os.map(release -> new ImagePackage(OsPurls.qualify(p.pkg(), release), p.layerDigest()))
                        .orElse(p))
                .toList();
        return new Inventory(image.reference(), Optional.of(image.manifestDigest()),
                image.layers().stream().map(Descriptor::digest).toList(), os, qualified, unknowns);
    }

    /**
     * A package recorded at another file than the one it was read from: a lockfile's entry names the installed
     * package's manifest. Such a package is gone when a higher layer removed that file, even though the lockfile
     * stayed. Paths inside archives ({@code outer.jar!/inner.jar}) point into their own file and are not checked.
     */
    private static boolean pointsElsewhere(FoundPackage pkg, PathOutcome outcome) {
        return !pkg.path().equals(outcome.path()) && !pkg.path().contains("!/");
    }

    /** One cataloger's view of every layer, bottom first. */
    private static List<LayerStack.Layer<PathOutcome>> layers(List<ImageAnalyzer.LayerView> views, String cataloger) {
        return views.stream().map(view -> {
            Map<String, PathOutcome> files = new LinkedHashMap<>();
            CatalogerLayerResult result = view.results().get(cataloger);
            if (result != null) {
                result.paths().forEach(outcome -> files.put(outcome.path(), outcome));
            }
            LayerStructure structure = view.structure();
            return new LayerStack.Layer<>(view.digest(), files, structure.whiteouts(),
                    structure.opaqueDirectories(), structure.replaced());
        }).toList();
    }
}
