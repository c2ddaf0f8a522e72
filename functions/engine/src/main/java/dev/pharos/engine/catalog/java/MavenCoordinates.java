package dev.pharos.engine.catalog.java;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;

import java.util.Optional;

/**
 * A Maven artifact's identity. The groupId is absent when only the manifest or the file name identified the
 * archive, neither names a group and the archive's class layout does not show one either ({@link PackageLayout}).
 * purl-spec requires the namespace of a {@code maven} purl and OSV names Maven packages
 * {@code group:artifact}, so such an archive is not a package: it is reported as an {@link
 * dev.pharos.engine.catalog.Unknown} naming what was recognised, rather than under a guessed group.
 */
record MavenCoordinates(Optional<String> groupId, String artifactId, String version) {

    /** {@code group:artifact} as OSV names Maven packages, or the artifactId alone when the group is unknown. */
    String name() {
        return groupId.map(group -> group + ":" + artifactId).orElse(artifactId);
    }

    MavenCoordinates withGroup(Optional<String> group) {
        return new MavenCoordinates(group, artifactId, version);
    }

    boolean complete() {
        return groupId.isPresent();
    }

    /** purl-spec PURL-TYPES "maven": namespace is the groupId, name the artifactId; only when {@link #complete()}. */
    FoundPackage toPackage(String path) {
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType(PackageType.MAVEN.purlType())
                    .withNamespace(groupId.orElseThrow())
                    .withName(artifactId)
                    .withVersion(version)
                    .build()
                    .canonicalize();
            return new FoundPackage(PackageType.MAVEN, name(), version, purl, Optional.empty(), path);
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("no valid package URL for " + name() + "@" + version + ": " + e.getMessage(), e);
        }
    }
}
