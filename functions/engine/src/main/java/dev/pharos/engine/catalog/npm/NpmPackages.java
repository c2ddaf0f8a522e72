package dev.pharos.engine.catalog.npm;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;

import java.util.Optional;

/** An npm package as found: name as npm spells it ({@code @scope/name} or {@code name}) and its package URL. */
final class NpmPackages {
    private NpmPackages() {
    }

    /**
     * purl-spec PURL-TYPES "npm": the scope, with its {@code @}, is the namespace (encoded {@code %40} in the purl),
     * the rest the name.
     */
    static FoundPackage of(String name, String version, String path) {
        int slash = name.indexOf('/');
        boolean scoped = name.startsWith("@") && slash > 1 && slash < name.length() - 1;
        if (name.isBlank() || version.isBlank() || (name.startsWith("@") && !scoped)) {
            throw new CatalogException("not an npm package name and version: '" + name + "' '" + version + "'");
        }
        try {
            String purl = PackageURLBuilder.aPackageURL()
                    .withType(PackageType.NPM.purlType())
                    .withNamespace(scoped ? name.substring(0, slash) : null)
                    .withName(scoped ? name.substring(slash + 1) : name)
                    .withVersion(version)
                    .build()
                    .canonicalize();
            return new FoundPackage(PackageType.NPM, name, version, purl, Optional.empty(), path);
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("no valid package URL for " + name + "@" + version + ": " + e.getMessage(), e);
        }
    }
}
