package dev.pharos.engine.analysis;

import java.util.Map;
import java.util.Optional;

/** What the cache holds for one layer: its structure, and the results of the catalogers that already ran on it. */
public record CachedLayer(Optional<LayerStructure> structure, Map<String, CatalogerLayerResult> byCataloger) {
    public static final CachedLayer EMPTY = new CachedLayer(Optional.empty(), Map.of());

    public CachedLayer {
        byCataloger = Map.copyOf(byCataloger);
    }
}
