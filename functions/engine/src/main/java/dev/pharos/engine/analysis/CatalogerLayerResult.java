package dev.pharos.engine.analysis;

import java.util.List;

/** One cataloger's results for one layer: the cached unit, keyed by (layer digest, cataloger, version). */
public record CatalogerLayerResult(String cataloger, int version, List<PathOutcome> paths) {
    public CatalogerLayerResult {
        paths = List.copyOf(paths);
    }
}
