package dev.pharos.engine.vuln.match;

import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.cvss.Cvss;
import dev.pharos.engine.vuln.cvss.CvssException;
import dev.pharos.engine.vuln.cvss.CvssScore;
import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvSeverity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A finding's severity: the base score computed from the newest CVSS version any of its advisories gives (v4 over
 * v3.x over v2; the highest score at that version, since advisories about one vulnerability may disagree), else the
 * advisories' own label ({@code database_specific.severity}: GitHub's {@code MODERATE}, Debian's {@code low}).
 */
final class Severities {
    private static final List<String> CVSS_PREFERENCE = List.of("CVSS_V4", "CVSS_V3", "CVSS_V2");
    private static final List<String> LEVELS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("critical", "CRITICAL"), Map.entry("high", "HIGH"), Map.entry("important", "HIGH"),
            Map.entry("moderate", "MEDIUM"), Map.entry("medium", "MEDIUM"), Map.entry("low", "LOW"),
            Map.entry("negligible", "LOW"), Map.entry("unimportant", "LOW"), Map.entry("none", "NONE"));

    private Severities() {
    }

    /**
     * From each advisory's top-level severities and from its affected entries for the finding's package only: OSV's
     * {@code affected[].severity} is per package, and another package's entry says nothing about this one.
     */
    static Finding.Severity of(List<FindingGroups.Match> matches) {
        List<OsvSeverity> all = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (FindingGroups.Match match : matches) {
            all.addAll(match.record().severity());
            for (OsvAffected affected : match.entries()) {
                all.addAll(affected.severity());
                affected.ecosystemSeverity().ifPresent(labels::add);
            }
        }
        for (String type : CVSS_PREFERENCE) {
            Optional<CvssScore> best = all.stream().filter(severity -> severity.type().equals(type))
                    .flatMap(severity -> score(severity.score()).stream())
                    .max(Comparator.comparingDouble(CvssScore::baseScore));
            if (best.isPresent()) {
                return new Finding.Severity(best.get().rating(), Optional.of(best.get().baseScore()),
                        Optional.of(best.get().vector()));
            }
        }
        return labels.stream().map(label -> LABELS.get(label.toLowerCase(Locale.ROOT)))
                .filter(level -> level != null)
                .max(Comparator.comparingInt(LEVELS::indexOf))
                .map(level -> new Finding.Severity(level, Optional.empty(), Optional.empty()))
                .orElse(new Finding.Severity("UNKNOWN", Optional.empty(), Optional.empty()));
    }

    /** A vector that does not parse is ignored in favour of the others, not fatal to the finding. */
    private static Optional<CvssScore> score(String vector) {
        try {
            return Optional.of(Cvss.score(vector));
        } catch (CvssException e) {
            return Optional.empty();
        }
    }
}
