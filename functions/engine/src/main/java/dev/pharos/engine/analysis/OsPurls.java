package dev.pharos.engine.analysis;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;

import java.util.Map;

/**
 * Completes OS package purls once the image's OS is known: a cataloger reading {@code var/lib/dpkg/status} cannot
 * tell Debian from Ubuntu. purl-spec PURL-TYPES: for {@code deb}, {@code apk} and {@code rpm} the namespace is the
 * vendor and the {@code distro} qualifier names the release; we write {@code <os-release ID>-<VERSION_ID>}, as
 * other scanners do, so SBOM consumers can scope advisories without our OS component.
 */
final class OsPurls {
    private OsPurls() {
    }

    static FoundPackage qualify(FoundPackage pkg, OsRelease os) {
        if (!pkg.type().osPackage()) {
            return pkg;
        }
        try {
            PackageURL purl = new PackageURL(pkg.purl());
            PackageURLBuilder builder = PackageURLBuilder.aPackageURL().withType(purl.getType())
                    .withNamespace(os.id()).withName(purl.getName()).withVersion(purl.getVersion());
            Map<String, String> qualifiers = purl.getQualifiers();
            if (qualifiers != null) {
                qualifiers.forEach(builder::withQualifier);
            }
            if (!os.versionId().isEmpty()) {
                builder.withQualifier("distro", os.id() + "-" + os.versionId());
            }
            return pkg.withPurl(builder.build().canonicalize());
        } catch (MalformedPackageURLException e) {
            throw new IllegalStateException("cataloger produced an invalid purl " + pkg.purl(), e);
        }
    }
}
