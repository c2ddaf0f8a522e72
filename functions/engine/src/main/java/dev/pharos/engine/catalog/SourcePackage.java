package dev.pharos.engine.catalog;

/**
 * The source package a binary OS package was built from (dpkg {@code Source:}, apk {@code o:} origin, rpm source
 * RPM). OS advisories name source packages, so matching uses these, and reporting uses the binary package.
 */
public record SourcePackage(String name, String version) {
}
