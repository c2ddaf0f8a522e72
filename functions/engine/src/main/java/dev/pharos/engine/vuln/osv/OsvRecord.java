package dev.pharos.engine.vuln.osv;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One advisory in OSV form (OSV schema 1.6, ossf.github.io/osv-schema), as stored and matched.
 *
 * @param id        e.g. {@code GHSA-jfh8-c2jp-5v3q}, {@code CVE-2021-44228}, {@code DSA-5022-1}
 * @param modified  decides which copy wins on import
 * @param withdrawn a withdrawn advisory never matches
 * @param aliases   ids of the same vulnerability in other databases
 * @param upstream  ids this record derives from (e.g. a DEBIAN-CVE record's CVE): joined like aliases
 * @param severity  top-level severities (CVSS vectors, or a database's own label)
 */
public record OsvRecord(String id, Instant modified, Optional<Instant> published, Optional<Instant> withdrawn,
                        List<String> aliases, List<String> upstream, Optional<String> summary,
                        List<OsvSeverity> severity, List<OsvAffected> affected) {
    public OsvRecord {
        aliases = List.copyOf(aliases);
        upstream = List.copyOf(upstream);
        severity = List.copyOf(severity);
        affected = List.copyOf(affected);
    }
}
