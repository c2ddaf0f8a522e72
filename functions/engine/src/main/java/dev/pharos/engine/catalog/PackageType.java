package dev.pharos.engine.catalog;

import java.util.Optional;

/**
 * Package kinds, by their package-URL type (purl-spec {@code PURL-TYPES.rst}) and their OSV ecosystem name
 * (OSV schema, "Affected package" ecosystems). OS package ecosystems also need the release ({@code Debian:11}),
 * which comes from the image's {@link OsRelease}, so {@link #osvEcosystem()} is empty for them.
 */
public enum PackageType {
    DEB("deb", null),
    APK("apk", null),
    RPM("rpm", null),
    MAVEN("maven", "Maven"),
    NPM("npm", "npm"),
    PYPI("pypi", "PyPI"),
    GOLANG("golang", "Go");

    private final String purlType;
    private final String osvEcosystem;

    PackageType(String purlType, String osvEcosystem) {
        this.purlType = purlType;
        this.osvEcosystem = osvEcosystem;
    }

    public String purlType() {
        return purlType;
    }

    public boolean osPackage() {
        return osvEcosystem == null;
    }

    public Optional<String> osvEcosystem() {
        return Optional.ofNullable(osvEcosystem);
    }
}
