package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.Unknown;

import java.util.List;
import java.util.Optional;

/**
 * What one cataloger made of one file of one layer: its packages, the OS it identifies, and what it could not read
 * (the whole file, or parts of it such as a corrupt jar inside a WAR). A file with none of these still counts,
 * because it hides the same path in lower layers.
 */
public record PathOutcome(String path, List<FoundPackage> packages, Optional<OsRelease> os, List<Unknown> unknowns) {
    public PathOutcome {
        packages = List.copyOf(packages);
        unknowns = List.copyOf(unknowns);
    }

    static PathOutcome found(String path, Catalogued catalogued) {
        return new PathOutcome(path, catalogued.packages(), catalogued.os(), catalogued.unknowns());
    }

    static PathOutcome unknown(String path, String cataloger, String reason) {
        return new PathOutcome(path, List.of(), Optional.empty(), List.of(new Unknown(path, cataloger, reason)));
    }
}
