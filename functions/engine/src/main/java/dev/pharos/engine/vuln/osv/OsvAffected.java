package dev.pharos.engine.vuln.osv;

import java.util.List;
import java.util.Optional;

/**
 * One {@code affected[]} entry: a package in one ecosystem and the versions of it that are affected. A record may
 * have several entries for the same package (log4j-core's Log4Shell record has three), each evaluated on its own.
 *
 * @param versions           explicitly affected versions (OSV: a version listed here is affected whatever the ranges)
 * @param severity           per-package severities, when the record gives them
 * @param ecosystemSeverity  {@code ecosystem_specific.severity} or {@code database_specific.severity} as a label
 *                           (e.g. Debian's {@code low}, GitHub's {@code HIGH}), the fallback when no CVSS vector
 */
public record OsvAffected(OsvPackage pkg, List<OsvRange> ranges, List<String> versions, List<OsvSeverity> severity,
                          Optional<String> ecosystemSeverity) {
    public OsvAffected {
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
        severity = List.copyOf(severity);
    }
}
