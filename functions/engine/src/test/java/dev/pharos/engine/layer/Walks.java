package dev.pharos.engine.layer;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.engine.source.layout.OciLayoutSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Walks every layer of an image in a test layout, collecting wanted files' contents as text. */
final class Walks {
    /** Per layer: its listing and path -> content of the wanted files. */
    record Walked(List<LayerListing> listings, List<Map<String, String>> contents) {
        List<LayerStack.Layer<String>> layers() {
            List<LayerStack.Layer<String>> layers = new ArrayList<>();
            for (int i = 0; i < listings.size(); i++) {
                layers.add(LayerStack.Layer.of(listings.get(i), contents.get(i)));
            }
            return layers;
        }

        /** The image view: visible path -> content. */
        Map<String, String> image() {
            Map<String, String> view = new LinkedHashMap<>();
            LayerStack.apply(layers()).forEach(v -> view.put(v.path(), v.payload()));
            return view;
        }
    }

    private Walks() {
    }

    static Walked walk(Path layout, ScanLimits limits, Predicate<FileEntry> wanted) throws IOException {
        return walk(new OciLayoutSource(layout, Optional.empty(), Platform.LINUX_AMD64, limits),
                ScanBudget.start(limits), wanted);
    }

    static Walked walk(ImageSource source, ScanBudget budget, Predicate<FileEntry> wanted) throws IOException {
        try (source) {
            ResolvedImage image = source.resolve();
            LayerWalker walker = new LayerWalker(budget, Optional.empty());
            List<LayerListing> listings = new ArrayList<>();
            List<Map<String, String>> contents = new ArrayList<>();
            for (var layer : image.layers()) {
                Map<String, String> files = new LinkedHashMap<>();
                try (InputStream blob = source.openBlob(layer)) {
                    listings.add(walker.walk(layer, blob, wanted, (entry, content) ->
                            files.put(entry.path(), new String(content.bytes(), StandardCharsets.UTF_8))));
                }
                contents.add(files);
            }
            return new Walked(listings, contents);
        }
    }
}
