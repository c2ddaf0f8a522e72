package dev.pharos.engine.catalog.java;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;

import java.util.Optional;

/**
 * A Maven artifact's identity. The groupId is absent when only the manifest or the file name identified the
 * archive and neither names a group (a Gradle-built jar such as spring-beans carries no pom.properties and no
 * {@code Implementation-Vendor-Id}): such a package is still reported, by artifactId alone, rather than with a
 * guessed group that would match the wrong advisories.
 */
record MavenCoordinates(Optional<String> groupId, String artifactId, String version) {

    /** {@code group:artifact} as OSV names Maven packages, or the artifactId alone when the group is unknown. */
    String name() {
        return groupId.map(group -> group + ":" + artifactId).orElse(artifactId);
    }

    /** purl-spec PURL-TYPES "maven": namespace is the groupId, name the artifactId. */
    FoundPackage toPackage(String path) {
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType(PackageType.MAVEN.purlType())
                    .withNamespace(groupId.orElse(null))
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
