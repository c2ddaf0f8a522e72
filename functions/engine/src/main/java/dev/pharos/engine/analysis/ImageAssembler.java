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
            for (LayerStack.Visible<PathOutcome> file : LayerStack.apply(layers(views, cataloger))) {
                PathOutcome outcome = file.payload();
                outcome.os().ifPresent(os -> osByPath.put(outcome.path(), os));
                unknowns.addAll(outcome.unknowns());
                outcome.packages().forEach(pkg -> packages.putIfAbsent(pkg, new ImagePackage(pkg,
                        Optional.of(file.layerId()))));
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
                    structure.opaqueDirectories(), structure.links());
        }).toList();
    }
}
