package dev.pharos.engine.realdata;

import dev.pharos.engine.analysis.CachedLayer;
import dev.pharos.engine.analysis.CatalogerLayerResult;
import dev.pharos.engine.analysis.LayerCache;
import dev.pharos.engine.analysis.LayerStructure;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link LayerCache} that records which layers were stored, i.e. walked, before delegating. */
final class RecordingCache implements LayerCache {
    private final LayerCache delegate;
    private final List<String> stored = new CopyOnWriteArrayList<>();

    RecordingCache(LayerCache delegate) {
        this.delegate = delegate;
    }

    @Override
    public Map<String, CachedLayer> load(Collection<String> layerDigests, Map<String, Integer> catalogerVersions) {
        return delegate.load(layerDigests, catalogerVersions);
    }

    @Override
    public void store(String layerDigest, LayerStructure structure, List<CatalogerLayerResult> results) {
        stored.add(layerDigest);
        delegate.store(layerDigest, structure, results);
    }

    /** Layer digests stored since the last call, in order; clears the record. */
    List<String> drainStored() {
        List<String> drained = List.copyOf(stored);
        stored.clear();
        return drained;
    }
}
