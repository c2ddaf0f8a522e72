package dev.pharos.engine.catalog.os;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OSV ecosystem that scopes a release's advisories (OSV schema, "Affected package" ecosystem list), from the
 * os-release {@code ID}, {@code VERSION_ID} and {@code VERSION}.
 * <p>
 * Red Hat Enterprise Linux is left out on purpose: its OSV ecosystem names a product stream and repository
 * ({@code Red Hat:enterprise_linux:9::appstream}), which os-release does not tell.
 */
final class OsvReleases {
    private static final Pattern MAJOR = Pattern.compile("^(\\d+)");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+\\.\\d+)");

    private OsvReleases() {
    }

    static Optional<String> ecosystem(String id, String versionId, String version) {
        return switch (id) {
            // Debian advisories name the major release only (Debian:11), point releases share it.
            case "debian" -> prefix(MAJOR, versionId).map(major -> "Debian:" + major);
            // Alpine names the branch (v3.19), which is major.minor of the release.
            case "alpine" -> prefix(MAJOR_MINOR, versionId).map(branch -> "Alpine:v" + branch);
            // Ubuntu's long-term releases carry ":LTS" (Ubuntu:22.04:LTS); os-release says so only in VERSION.
            case "ubuntu" -> prefix(MAJOR_MINOR, versionId)
                    .map(release -> "Ubuntu:" + release + (version.contains("LTS") ? ":LTS" : ""));
            case "rocky" -> prefix(MAJOR, versionId).map(major -> "Rocky Linux:" + major);
            case "almalinux" -> prefix(MAJOR, versionId).map(major -> "AlmaLinux:" + major);
            case "opensuse-leap" -> prefix(MAJOR_MINOR, versionId).map(release -> "openSUSE:Leap " + release);
            case "opensuse-tumbleweed" -> Optional.of("openSUSE:Tumbleweed");
            case "mageia" -> prefix(MAJOR, versionId).map(major -> "Mageia:" + major);
            case "photon" -> prefix(MAJOR_MINOR, versionId).map(release -> "Photon OS:" + release);
            // Rolling distributions: one ecosystem without a release.
            case "wolfi" -> Optional.of("Wolfi");
            case "chainguard" -> Optional.of("Chainguard");
            default -> Optional.empty();
        };
    }

    private static Optional<String> prefix(Pattern pattern, String versionId) {
        Matcher matcher = pattern.matcher(versionId);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
