package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.Unknown;
import dev.pharos.engine.layer.LayerListing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a layer does to the layers below it, whatever the catalogers (image-spec layer.md "Whiteouts"): paths it
 * deletes, directories it makes opaque, and paths it replaces: its links and the regular files any cataloger
 * wanted, read or not. A file too large to read still replaces the lower layer's copy, whose packages must not
 * show through. It also holds the entries the walker refused (path traversal, escaping links, files over the size
 * limit). The part of a {@link LayerListing} worth caching.
 */
public record LayerStructure(Set<String> whiteouts, Set<String> opaqueDirectories, Set<String> replaced,
                             List<Unknown> refused) {
    /** Raise when the walker's view of a layer changes, so cached structures are recomputed. */
    public static final int VERSION = 2;
    public static final String ANALYSER = "layer";

    public LayerStructure {
        whiteouts = Set.copyOf(whiteouts);
        opaqueDirectories = Set.copyOf(opaqueDirectories);
        replaced = Set.copyOf(replaced);
        refused = List.copyOf(refused);
    }

    static LayerStructure of(LayerListing listing) {
        Set<String> replaced = new HashSet<>(listing.links());
        replaced.addAll(listing.wantedFiles());
        return new LayerStructure(listing.whiteouts(), listing.opaqueDirectories(), replaced,
                listing.skipped().stream().map(skipped -> new Unknown(skipped.name(), ANALYSER,
                        skipped.reason().name().toLowerCase().replace('_', ' ') + ": " + skipped.detail())).toList());
    }
}
