package dev.pharos.engine.layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The image's filesystem view from per-layer results, applying image-spec layer.md "Applying Changesets" bottom-up
 * without extracting anything: a file of a lower layer is gone when a higher layer
 * <ul>
 *   <li>has an entry at the same path (a file replaces it) or at an ancestor path that is not a directory (a file or
 *       link replaces the directory holding it),</li>
 *   <li>whites out the path or an ancestor ({@code .wh.<name>}),</li>
 *   <li>marks an ancestor directory opaque ({@code .wh..wh..opq}).</li>
 * </ul>
 * Whiteouts and opaque markers act on lower layers only: entries of their own layer stay. Only files of interest
 * and links are known per layer, so a higher layer's unwanted regular file that replaces a lower directory is not
 * seen (rare: package managers do not do it; usr-merge does it with links, which are seen). Generic over the payload
 * kept per path (catalogued packages, say), so per-layer results can be cached and stacked per image. Pure.
 */
public final class LayerStack {
    private LayerStack() {
    }

    /**
     * One layer's contribution.
     *
     * @param id          the layer's digest or any label, carried into the result
     * @param files       normalised path of each file of interest to its payload
     * @param whiteouts   paths deleted from lower layers
     * @param opaqueDirs  directories emptied of lower layers' content ("" is the root)
     * @param nonDirs     other non-directory paths of this layer (links): they hide lower content at and below them
     */
    public record Layer<T>(String id, Map<String, T> files, Set<String> whiteouts, Set<String> opaqueDirs,
                           Set<String> nonDirs) {
        public Layer {
            files = Map.copyOf(files);
            whiteouts = Set.copyOf(whiteouts);
            opaqueDirs = Set.copyOf(opaqueDirs);
            nonDirs = Set.copyOf(nonDirs);
        }

        /**
         * The layer as walked, with {@code payloads} for (some of) its wanted files. Wanted files without a payload
         * (skipped as too large, say) still replace what lower layers had at their path.
         */
        public static <T> Layer<T> of(LayerListing listing, Map<String, T> payloads) {
            Set<String> nonDirs = new HashSet<>(listing.links());
            listing.wantedFiles().stream().filter(path -> !payloads.containsKey(path)).forEach(nonDirs::add);
            return new Layer<>(listing.layerDigest(), payloads, listing.whiteouts(), listing.opaqueDirectories(),
                    nonDirs);
        }
    }

    /** A file visible in the image, and the layer (index from the bottom, 0-based) it comes from. */
    public record Visible<T>(int layerIndex, String layerId, String path, T payload) {
    }

    /** The files of {@code bottomUp} that are visible in the final image, bottom layer's first. */
    public static <T> List<Visible<T>> apply(List<Layer<T>> bottomUp) {
        List<Predicate<String>> hidden = hiddenAbove(bottomUp);
        List<Visible<T>> visible = new ArrayList<>();
        for (int index = 0; index < bottomUp.size(); index++) {
            Layer<T> layer = bottomUp.get(index);
            List<Visible<T>> own = new ArrayList<>();
            for (var file : layer.files().entrySet()) {
                if (!hidden.get(index).test(file.getKey())) {
                    own.add(new Visible<>(index, layer.id(), file.getKey(), file.getValue()));
                }
            }
            own.sort(Comparator.comparing(Visible::path));
            visible.addAll(own);
        }
        return visible;
    }

    /**
     * For each layer (by index from the bottom), whether a path of that layer is hidden by the layers above it.
     * Also for paths a layer's results only point at, such as the install location a lockfile names: a lockfile's
     * package whose installed directory a later layer deleted is gone too.
     */
    public static <T> List<Predicate<String>> hiddenAbove(List<Layer<T>> bottomUp) {
        Set<String> replaced = new HashSet<>();   // higher-layer non-directories: hide the path and below
        Set<String> deleted = new HashSet<>();    // higher-layer whiteouts: hide the path and below
        Set<String> opaque = new HashSet<>();     // higher-layer opaque directories: hide below only
        List<Predicate<String>> perLayer = new ArrayList<>(Collections.nCopies(bottomUp.size(), path -> false));
        for (int index = bottomUp.size() - 1; index >= 0; index--) {
            Set<String> replacedAbove = Set.copyOf(replaced);
            Set<String> deletedAbove = Set.copyOf(deleted);
            Set<String> opaqueAbove = Set.copyOf(opaque);
            perLayer.set(index, path -> replacedAbove.contains(path) || deletedAbove.contains(path)
                    || hiddenByAncestor(path, replacedAbove, deletedAbove, opaqueAbove));
            Layer<T> layer = bottomUp.get(index);
            replaced.addAll(layer.files().keySet());
            replaced.addAll(layer.nonDirs());
            deleted.addAll(layer.whiteouts());
            opaque.addAll(layer.opaqueDirs());
        }
        return perLayer;
    }

    private static boolean hiddenByAncestor(String path, Set<String> replaced, Set<String> deleted,
                                            Set<String> opaque) {
        if (opaque.contains("")) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String ancestor = path.substring(0, slash);
            if (replaced.contains(ancestor) || deleted.contains(ancestor) || opaque.contains(ancestor)) {
                return true;
            }
        }
        return false;
    }
}
