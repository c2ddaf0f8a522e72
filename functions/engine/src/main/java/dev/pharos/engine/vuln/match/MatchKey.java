package dev.pharos.engine.vuln.match;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.vuln.db.PackageKey;

import java.util.Optional;

/**
 * How a package is looked up in OSV: OS packages by their <b>source</b> package name and version in the image's
 * release ecosystem ({@code Debian:11}), because distributions publish advisories per source package (DESIGN.md,
 * "Correctness rules"); language packages by their own name in their ecosystem.
 *
 * @param version the version compared against the advisory: the source version for OS packages
 */
record MatchKey(PackageKey key, String version) {
    static Optional<MatchKey> of(ImagePackage imagePackage, Optional<OsRelease> os) {
        FoundPackage pkg = imagePackage.pkg();
        if (pkg.type().osPackage()) {
            return os.flatMap(OsRelease::osvEcosystem).map(ecosystem -> new MatchKey(
                    new PackageKey(ecosystem, pkg.source().map(s -> s.name()).orElse(pkg.name())),
                    pkg.source().map(s -> s.version()).orElse(pkg.version())));
        }
        return pkg.type().osvEcosystem().map(ecosystem -> new MatchKey(PackageKey.of(ecosystem, pkg.name()),
                pkg.version()));
    }
}
