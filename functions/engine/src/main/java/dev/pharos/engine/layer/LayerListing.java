package dev.pharos.engine.layer;

import java.util.List;
import java.util.Set;

/**
 * What one layer walk saw, enough to stack the layer over the ones below it ({@link LayerStack}) without reading it
 * again.
 *
 * @param layerDigest       the blob digest the walk was for
 * @param whiteouts         paths a {@code .wh.<name>} entry deletes from lower layers (image-spec layer.md)
 * @param opaqueDirectories directories a {@code .wh..wh..opq} entry empties of lower layers' content ("" is the root)
 * @param wantedFiles       normalised paths of the regular files some cataloger wanted, in archive order (also the
 *                          ones skipped as too large, which are listed in {@code skipped} too)
 * @param links             normalised paths of symlinks and hard links: they replace whatever lower layers had at
 *                          that path, a directory included (a usr-merge {@code lib -> usr/lib} hides a lower
 *                          {@code lib/})
 * @param skipped           hostile or unreadable entries that were not visited
 * @param entries           tar entries of every type
 * @param uncompressedBytes bytes of the tar stream after decompression
 */
public record LayerListing(String layerDigest, Set<String> whiteouts, Set<String> opaqueDirectories,
                           List<String> wantedFiles, Set<String> links, List<SkippedEntry> skipped, long entries,
                           long uncompressedBytes) {
    public LayerListing {
        whiteouts = Set.copyOf(whiteouts);
        opaqueDirectories = Set.copyOf(opaqueDirectories);
        wantedFiles = List.copyOf(wantedFiles);
        links = Set.copyOf(links);
        skipped = List.copyOf(skipped);
    }
}
