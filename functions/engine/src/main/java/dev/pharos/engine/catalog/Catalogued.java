package dev.pharos.engine.catalog;

import java.util.List;
import java.util.Optional;

/** What a cataloger found in one file: packages, or the operating system's identity, or nothing. */
public record Catalogued(List<FoundPackage> packages, Optional<OsRelease> os) {
    public Catalogued {
        packages = List.copyOf(packages);
    }

    public static Catalogued of(List<FoundPackage> packages) {
        return new Catalogued(packages, Optional.empty());
    }

    public static Catalogued of(OsRelease os) {
        return new Catalogued(List.of(), Optional.of(os));
    }

    public static Catalogued nothing() {
        return new Catalogued(List.of(), Optional.empty());
    }
}
