package dev.pharos.engine.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A package a cataloger found in one file.
 *
 * @param name    the ecosystem's own name, as OSV uses it: {@code group:artifact} for Maven, {@code @scope/name}
 *                for npm, the module path for Go, the binary package name for OS packages
 * @param purl    its package URL (built with packageurl-java); OS packages get their {@code distro} qualifier when
 *                the image's OS is known ({@link #withPurl})
 * @param source  the source package of an OS package; defaults to the binary's name and version where the format
 *                says so (dpkg without {@code Source:})
 * @param path    the file it was found in (for nested archives: {@code outer.jar!/BOOT-INF/lib/inner.jar})
 */
public record FoundPackage(PackageType type, String name, String version, String purl,
                           Optional<SourcePackage> source, String path) {
    public FoundPackage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
    }

    public FoundPackage withPurl(String newPurl) {
        return new FoundPackage(type, name, version, newPurl, source, path);
    }
}
