package dev.pharos.engine.vuln.engine;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.vuln.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings joined per vulnerability and package: an engine can report one vulnerability on one package twice (Trivy
 * from two data sources, Grype from a CPE and a purl match), and the finding model says one finding each.
 */
final class FindingSet {
    private record Key(String id, ImagePackage pkg) {
    }

    private final Map<Key, Finding> findings = new LinkedHashMap<>();

    void add(Finding finding) {
        findings.merge(new Key(finding.id(), finding.pkg()), finding, FindingSet::join);
    }

    List<Finding> toList() {
        return List.copyOf(findings.values());
    }

    private static Finding join(Finding a, Finding b) {
        Set<String> aliases = new TreeSet<>(a.aliases());
        aliases.addAll(b.aliases());
        aliases.remove(a.id());
        Set<String> fixed = new LinkedHashSet<>(a.fixedVersions());
        fixed.addAll(b.fixedVersions());
        Finding.FixState state = a.fixState() == Finding.FixState.FIXED || b.fixState() == Finding.FixState.FIXED
                ? Finding.FixState.FIXED : Finding.FixState.NOT_FIXED;
        Finding.Severity severity = a.severity().score().isPresent() || b.severity().score().isEmpty()
                ? a.severity() : b.severity();
        return new Finding(a.id(), new ArrayList<>(aliases), a.pkg(), new ArrayList<>(fixed), state, severity,
                a.modified().isAfter(b.modified()) ? a.modified() : b.modified());
    }
}
