package dev.pharos.engine.vuln;

import dev.pharos.engine.analysis.ImagePackage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One vulnerability in one package of one image: the engines' common output (native matcher, Trivy server,
 * Grype). Several advisories about the same vulnerability (a GHSA and its CVE, a DEBIAN-CVE and its upstream CVE)
 * are one finding: {@code id} is the preferred id, {@code aliases} every other id that joined it.
 *
 * @param id             preferred id: the CVE when there is one, else the advisory's own
 * @param aliases        the other ids, sorted
 * @param pkg            the binary package as found (OS packages are matched through their source package)
 * @param fixedVersions  versions that fix it, as the advisories name them; empty when there is none
 * @param severity       from a CVSS vector (base score computed) or, failing that, the advisory's own label
 * @param modified       the latest {@code modified} of the advisories joined
 */
public record Finding(String id, List<String> aliases, ImagePackage pkg, List<String> fixedVersions, FixState fixState,
                      Severity severity, Instant modified) {
    public Finding {
        aliases = List.copyOf(aliases);
        fixedVersions = List.copyOf(fixedVersions);
    }

    public enum FixState { FIXED, NOT_FIXED }

    /**
     * @param level  CRITICAL / HIGH / MEDIUM / LOW / NONE / UNKNOWN (CVSS v3.x and v4 qualitative ratings)
     * @param score  the computed CVSS base score, when a vector gave it
     * @param vector the CVSS vector used
     */
    public record Severity(String level, Optional<Double> score, Optional<String> vector) {
    }
}
