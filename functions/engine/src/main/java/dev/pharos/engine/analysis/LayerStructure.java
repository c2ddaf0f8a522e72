package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.Unknown;
import dev.pharos.engine.layer.LayerListing;

import java.util.List;
import java.util.Set;

/**
 * What a layer does to the layers below it, whatever the catalogers (image-spec layer.md "Whiteouts"): paths it
 * deletes, directories it makes opaque, links that replace lower paths; plus the entries the walker refused (path
 * traversal, escaping links, files over the size limit). The part of a {@link LayerListing} worth caching.
 */
public record LayerStructure(Set<String> whiteouts, Set<String> opaqueDirectories, Set<String> links,
                             List<Unknown> refused) {
    /** Raise when the walker's view of a layer changes, so cached structures are recomputed. */
    public static final int VERSION = 1;
    public static final String ANALYSER = "layer";

    public LayerStructure {
        whiteouts = Set.copyOf(whiteouts);
        opaqueDirectories = Set.copyOf(opaqueDirectories);
        links = Set.copyOf(links);
        refused = List.copyOf(refused);
    }

    static LayerStructure of(LayerListing listing) {
        return new LayerStructure(listing.whiteouts(), listing.opaqueDirectories(), listing.links(),
                listing.skipped().stream().map(skipped -> new Unknown(skipped.name(), ANALYSER,
                        skipped.reason().name().toLowerCase().replace('_', ' ') + ": " + skipped.detail())).toList());
    }
}
