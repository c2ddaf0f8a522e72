package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.Unknown;

import java.util.List;

/**
 * What a layer does to the layers below it, whatever the catalogers (image-spec layer.md "Whiteouts"): paths it
 * deletes and directories it makes opaque; plus the entries the walker refused (path traversal, escaping links).
 */
public record LayerStructure(List<String> whiteouts, List<String> opaqueDirectories, List<Unknown> refused) {
    /** Raise when the walker's view of a layer changes, so cached structures are recomputed. */
    public static final int VERSION = 1;
    public static final String ANALYSER = "layer";

    public LayerStructure {
        whiteouts = List.copyOf(whiteouts);
        opaqueDirectories = List.copyOf(opaqueDirectories);
        refused = List.copyOf(refused);
    }
}
