package dev.pharos.engine.vuln.version;

import java.util.Map;
import java.util.Optional;

/**
 * The version scheme for an OSV ecosystem (ossf.github.io/osv-schema, "affected[].package.ecosystem").
 * <p>
 * OSV spells an OS ecosystem with its release after a colon ({@code Debian:11}, {@code Ubuntu:22.04:LTS},
 * {@code Alpine:v3.19}, {@code Red Hat:enterprise_linux:9::appstream}, {@code openSUSE:Leap 15.5}); the release
 * scopes the advisory but does not change the ordering, so only the part before the first colon is looked up.
 */
public final class VersionSchemes {
    private static final Map<String, VersionScheme> BY_ECOSYSTEM = Map.ofEntries(
            Map.entry("Debian", DpkgVersionScheme.INSTANCE),
            Map.entry("Ubuntu", DpkgVersionScheme.INSTANCE),
            Map.entry("Alpine", ApkVersionScheme.INSTANCE),
            // Wolfi and Chainguard build with melange and ship apk packages, versioned as Alpine's.
            Map.entry("Wolfi", ApkVersionScheme.INSTANCE),
            Map.entry("Chainguard", ApkVersionScheme.INSTANCE),
            Map.entry("Rocky Linux", VersatileScheme.RPM),
            Map.entry("AlmaLinux", VersatileScheme.RPM),
            Map.entry("Red Hat", VersatileScheme.RPM),
            Map.entry("openSUSE", VersatileScheme.RPM),
            Map.entry("SUSE", VersatileScheme.RPM),
            Map.entry("Mageia", VersatileScheme.RPM),
            Map.entry("openEuler", VersatileScheme.RPM),
            Map.entry("Maven", VersatileScheme.MAVEN),
            Map.entry("npm", SemVerScheme.NPM),
            Map.entry("PyPI", Pep440Scheme.INSTANCE),
            Map.entry("Go", GoVersionScheme.INSTANCE),
            Map.entry("crates.io", SemVerScheme.CARGO));

    private VersionSchemes() {
    }

    /** The scheme for an ecosystem as OSV spells it (case-sensitive, release suffix allowed); empty if unknown. */
    public static Optional<VersionScheme> forEcosystem(String osvEcosystem) {
        int colon = osvEcosystem.indexOf(':');
        return Optional.ofNullable(BY_ECOSYSTEM.get(colon < 0 ? osvEcosystem : osvEcosystem.substring(0, colon)));
    }

    /** SemVer 2.0.0, for OSV {@code SEMVER} ranges whatever the ecosystem. */
    public static VersionScheme semver() {
        return SemVerScheme.SEMVER;
    }
}
