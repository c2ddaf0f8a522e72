package dev.pharos.engine.vuln.osv;

import java.util.List;

/**
 * A range of affected versions (OSV "affected[].ranges[]"): events in order; {@code SEMVER} ranges compare with
 * SemVer 2.0, {@code ECOSYSTEM} ranges with the ecosystem's own rules, {@code GIT} ranges (commit hashes) are kept
 * but never match a package version.
 */
public record OsvRange(Type type, List<OsvEvent> events) {
    public enum Type { SEMVER, ECOSYSTEM, GIT }

    public OsvRange {
        events = List.copyOf(events);
    }
}
