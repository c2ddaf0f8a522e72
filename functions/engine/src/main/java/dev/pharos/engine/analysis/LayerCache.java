package dev.pharos.engine.analysis;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Per-layer analysis results keyed by (layer digest, analyser, analyser version). */
public interface LayerCache {
    /**
     * What is cached for these layers, for the given analysers at the given versions (cataloger name to version);
     * layers with nothing cached map to {@link CachedLayer#EMPTY}.
     */
    Map<String, CachedLayer> load(Collection<String> layerDigests, Map<String, Integer> catalogerVersions);

    /** Records a layer's fresh results; concurrent scans of the same layer may store the same rows twice. */
    void store(String layerDigest, LayerStructure structure, List<CatalogerLayerResult> results);

    /** No caching: every layer is analysed every time (one-off local scans). */
    static LayerCache none() {
        return new LayerCache() {
            @Override
            public Map<String, CachedLayer> load(Collection<String> layerDigests, Map<String, Integer> versions) {
                return layerDigests.stream().distinct()
                        .collect(java.util.stream.Collectors.toMap(digest -> digest, digest -> CachedLayer.EMPTY));
            }

            @Override
            public void store(String layerDigest, LayerStructure structure, List<CatalogerLayerResult> results) {
            }
        };
    }
}
