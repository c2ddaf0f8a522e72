package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.SourcePackage;

import java.util.Optional;

/**
 * The source package named by a binary's SOURCERPM tag, {@code <name>-<version>-<release>.src.rpm} ({@code .nosrc.rpm}
 * for packages built without their sources). Version and release cannot contain {@code -}, the name can, so the
 * fields are split from the right.
 */
final class SourceRpm {
    private SourceRpm() {
    }

    /**
     * The file name carries no epoch, but a source and its binaries share one (rpmbuild stamps the spec's Epoch on
     * every package it builds), and advisories for epoch'd packages state it: so the binary's epoch is used.
     */
    static SourcePackage parse(String fileName, Optional<Integer> epoch) {
        String base = strip(fileName);
        int releaseDash = base.lastIndexOf('-');
        int versionDash = releaseDash > 0 ? base.lastIndexOf('-', releaseDash - 1) : -1;
        if (versionDash <= 0 || releaseDash == base.length() - 1 || versionDash == releaseDash - 1) {
            throw new CatalogException("SOURCERPM is not name-version-release.src.rpm: " + fileName);
        }
        return new SourcePackage(base.substring(0, versionDash),
                epoch.map(value -> value + ":").orElse("") + base.substring(versionDash + 1));
    }

    private static String strip(String fileName) {
        for (String suffix : new String[] {".src.rpm", ".nosrc.rpm"}) {
            if (fileName.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        throw new CatalogException("SOURCERPM is not name-version-release.src.rpm: " + fileName);
    }
}
