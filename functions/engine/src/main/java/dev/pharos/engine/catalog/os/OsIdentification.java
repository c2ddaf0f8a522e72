package dev.pharos.engine.catalog.os;

import dev.pharos.engine.catalog.OsRelease;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the image's operating system when several release files were catalogued.
 * <p>
 * Precedence: {@code etc/os-release}, then {@code usr/lib/os-release} (os-release(5): the former overrides the
 * latter), then the distribution's own file, {@code etc/debian_version} before {@code etc/alpine-release}. The
 * distribution files lose to os-release because derivatives keep them: Ubuntu ships a {@code debian_version} that
 * reads {@code bookworm/sid}.
 * <p>
 * One refinement: an os-release without {@code VERSION_ID} (Debian testing, images built before a point release)
 * takes the release number of a distribution file <em>of the same ID</em>, keeping its own pretty name. A
 * codename-only {@code debian_version} ({@code trixie/sid}) has no number, so sid stays without a release and
 * without an OSV ecosystem.
 */
public final class OsIdentification {
    static final String ETC_OS_RELEASE = "etc/os-release";
    static final String USR_LIB_OS_RELEASE = "usr/lib/os-release";
    static final String DEBIAN_VERSION = "etc/debian_version";
    static final String ALPINE_RELEASE = "etc/alpine-release";
    static final List<String> DISTRIBUTION_FILES = List.of(DEBIAN_VERSION, ALPINE_RELEASE);
    static final List<String> PRECEDENCE = List.of(ETC_OS_RELEASE, USR_LIB_OS_RELEASE, DEBIAN_VERSION, ALPINE_RELEASE);

    private OsIdentification() {
    }

    /** @param byPath the release per file path (paths as {@link dev.pharos.engine.catalog.FileEntry#path()}) */
    public static Optional<OsRelease> choose(Map<String, OsRelease> byPath) {
        Optional<OsRelease> best = PRECEDENCE.stream().filter(byPath::containsKey).findFirst().map(byPath::get);
        return best.map(os -> os.versionId().isEmpty() ? refine(os, byPath) : os);
    }

    private static OsRelease refine(OsRelease os, Map<String, OsRelease> byPath) {
        return DISTRIBUTION_FILES.stream()
                .map(byPath::get)
                .filter(file -> file != null && file.id().equals(os.id()) && !file.versionId().isEmpty())
                .findFirst()
                .map(file -> new OsRelease(os.id(), file.versionId(), os.prettyName(), file.osvEcosystem()))
                .orElse(os);
    }
}
