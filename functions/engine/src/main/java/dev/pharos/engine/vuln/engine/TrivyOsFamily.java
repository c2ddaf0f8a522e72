package dev.pharos.engine.vuln.engine;

import java.util.Map;
import java.util.Optional;

/**
 * Trivy's OS family names (fanal {@code types.OSType}, what its OS analyzers detect and its detectors are chosen by)
 * for os-release {@code ID}s (freedesktop.org os-release(5)). Where they are spelled alike the map says so too, so
 * that an ID missing here is one Trivy has no detector for, not one we forgot.
 */
final class TrivyOsFamily {
    private static final Map<String, String> BY_OS_RELEASE_ID = Map.ofEntries(
            Map.entry("debian", "debian"),
            Map.entry("ubuntu", "ubuntu"),
            Map.entry("alpine", "alpine"),
            Map.entry("rhel", "redhat"),
            Map.entry("centos", "centos"),
            Map.entry("rocky", "rocky"),
            Map.entry("almalinux", "alma"),
            Map.entry("ol", "oracle"),
            Map.entry("amzn", "amazon"),
            Map.entry("fedora", "fedora"),
            Map.entry("opensuse-leap", "opensuse.leap"),
            Map.entry("opensuse-tumbleweed", "opensuse.tumbleweed"),
            Map.entry("sles", "sles"),
            Map.entry("photon", "photon"),
            Map.entry("mariner", "cbl-mariner"),
            Map.entry("azurelinux", "azurelinux"),
            Map.entry("wolfi", "wolfi"),
            Map.entry("chainguard", "chainguard"));

    private TrivyOsFamily() {
    }

    static Optional<String> of(String osReleaseId) {
        return Optional.ofNullable(BY_OS_RELEASE_ID.get(osReleaseId));
    }
}
