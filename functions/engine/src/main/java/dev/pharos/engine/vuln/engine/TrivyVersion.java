package dev.pharos.engine.vuln.engine;

import dev.pharos.engine.catalog.PackageType;

/**
 * A version split the way Trivy's package model holds it (fanal {@code types.Package}: {@code Epoch},
 * {@code Version}, {@code Release}). Trivy's dpkg and rpm analyzers split versions into these fields and its OS
 * detectors join them again ({@code epoch:version-release}) before comparing, so a version sent whole in
 * {@code version} with an epoch would be compared wrongly.
 *
 * <ul>
 *   <li>dpkg, Debian Policy 5.6.12: {@code [epoch:]upstream_version[-debian_revision]}; the epoch ends at the first
 *       colon, the revision starts after the last hyphen (the upstream version may contain hyphens).</li>
 *   <li>rpm: our version is {@code [epoch:]version-release}; rpm forbids {@code -} in version and release, so
 *       the release starts after the last hyphen.</li>
 *   <li>apk and language packages: Trivy keeps the whole version ({@code 1.2.3-r0}) in {@code version}.</li>
 * </ul>
 */
record TrivyVersion(int epoch, String version, String release) {

    static TrivyVersion of(PackageType type, String full) {
        if (type != PackageType.DEB && type != PackageType.RPM) {
            return new TrivyVersion(0, full, "");
        }
        int epoch = 0;
        String rest = full;
        int colon = full.indexOf(':');
        // At most 9 digits: an int, as Trivy's Epoch is.
        if (colon > 0 && colon <= 9 && full.substring(0, colon).chars().allMatch(Character::isDigit)) {
            epoch = Integer.parseInt(full.substring(0, colon));
            rest = full.substring(colon + 1);
        }
        int dash = rest.lastIndexOf('-');
        return dash > 0 ? new TrivyVersion(epoch, rest.substring(0, dash), rest.substring(dash + 1))
                : new TrivyVersion(epoch, rest, "");
    }
}
