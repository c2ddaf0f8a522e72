package dev.pharos.engine.catalog;

import java.util.List;
import java.util.Optional;

/**
 * What a cataloger found in one file: packages, or the operating system's identity, or nothing; plus the parts of
 * the file it could not read ({@code unknowns}), for formats that nest (a corrupt jar inside a readable WAR): the
 * file as a whole was catalogued, so it is not itself an {@link Unknown}, but its unreadable parts must not vanish.
 */
public record Catalogued(List<FoundPackage> packages, Optional<OsRelease> os, List<Unknown> unknowns) {
    public Catalogued {
        packages = List.copyOf(packages);
        unknowns = List.copyOf(unknowns);
    }

    public Catalogued(List<FoundPackage> packages, Optional<OsRelease> os) {
        this(packages, os, List.of());
    }

    public static Catalogued of(List<FoundPackage> packages) {
        return new Catalogued(packages, Optional.empty());
    }

    public static Catalogued of(List<FoundPackage> packages, List<Unknown> unknowns) {
        return new Catalogued(packages, Optional.empty(), unknowns);
    }

    public static Catalogued of(OsRelease os) {
        return new Catalogued(List.of(), Optional.of(os));
    }

    public static Catalogued nothing() {
        return new Catalogued(List.of(), Optional.empty());
    }
}
