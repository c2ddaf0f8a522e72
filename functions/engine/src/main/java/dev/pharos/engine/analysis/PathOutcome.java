package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;

import java.util.List;
import java.util.Optional;

/**
 * What one cataloger made of one file of one layer: its packages, the OS it identifies, or why it could not be
 * parsed. A file with no packages still counts, because it hides the same path in lower layers.
 */
public record PathOutcome(String path, List<FoundPackage> packages, Optional<OsRelease> os,
                          Optional<String> unknownReason) {
    public PathOutcome {
        packages = List.copyOf(packages);
    }

    static PathOutcome found(String path, Catalogued catalogued) {
        return new PathOutcome(path, catalogued.packages(), catalogued.os(), Optional.empty());
    }

    static PathOutcome unknown(String path, String reason) {
        return new PathOutcome(path, List.of(), Optional.empty(), Optional.of(reason));
    }
}
