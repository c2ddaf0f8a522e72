package dev.pharos.engine.vuln.match;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.version.InvalidVersionException;
import dev.pharos.engine.vuln.version.VersionScheme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One finding per vulnerability per package (DESIGN.md, "Correctness rules"). Advisories that name each other in
 * {@code aliases} are the same vulnerability (a GHSA and its CVE), and so is a record with exactly one
 * {@code upstream} id and that id (Debian's {@code DEBIAN-CVE-…} and the CVE). A record whose {@code upstream} lists
 * several vulnerabilities (a Debian DSA fixing five CVEs) is a bundle, not a vulnerability: joining through it would
 * merge unrelated CVEs into one finding. Its id is listed instead on the finding of each of its vulnerabilities,
 * and a vulnerability that only bundles report gets a finding of its own.
 */
final class FindingGroups {
    private FindingGroups() {
    }

    /**
     * An advisory that affects the package: the record, its affected entries for this package (their severities are
     * this package's, not the record's other packages'), and the versions it names as fixes.
     */
    record Match(OsvRecord record, List<OsvAffected> entries, List<String> fixes) {
    }

    static List<Finding> findings(ImagePackage pkg, List<Match> matches, VersionScheme scheme) {
        Map<String, String> parent = new HashMap<>();
        List<Match> single = new ArrayList<>();
        List<Match> bundles = new ArrayList<>();
        for (Match match : matches) {
            (match.record().upstream().size() > 1 ? bundles : single).add(match);
        }
        for (Match match : single) {
            String id = match.record().id();
            find(parent, id);
            match.record().aliases().forEach(alias -> union(parent, id, alias));
            match.record().upstream().forEach(upstream -> union(parent, id, upstream));
        }
        // A bundle's id joins, as an alias, every finding that covers one of its vulnerabilities; a vulnerability
        // only a bundle reports becomes a finding of its own, so one DSA naming five CVEs is still five findings.
        Map<String, Set<String>> bundleIds = new HashMap<>();
        Map<String, List<Match>> uncovered = new TreeMap<>();
        for (Match bundle : bundles) {
            for (String vulnerability : bundle.record().upstream()) {
                if (parent.containsKey(vulnerability)) {
                    bundleIds.computeIfAbsent(find(parent, vulnerability), ignored -> new TreeSet<>())
                            .add(bundle.record().id());
                } else {
                    uncovered.computeIfAbsent(vulnerability, ignored -> new ArrayList<>()).add(bundle);
                }
            }
        }
        Map<String, List<Match>> groups = new HashMap<>();
        single.forEach(match -> groups.computeIfAbsent(find(parent, match.record().id()), ignored -> new ArrayList<>())
                .add(match));
        List<Finding> findings = new ArrayList<>();
        groups.forEach((root, group) -> {
            Set<String> ids = ids(parent, group);
            ids.addAll(bundleIds.getOrDefault(root, Set.of()));
            findings.add(finding(pkg, group, ids, scheme));
        });
        uncovered.forEach((vulnerability, reporting) -> {
            Set<String> ids = new TreeSet<>(List.of(vulnerability));
            reporting.forEach(bundle -> ids.add(bundle.record().id()));
            findings.add(finding(pkg, reporting, ids, scheme));
        });
        findings.sort(Comparator.comparing(Finding::id));
        return findings;
    }

    private static Finding finding(ImagePackage pkg, List<Match> group, Set<String> ids, VersionScheme scheme) {
        String preferred = ids.stream().filter(id -> id.startsWith("CVE-")).min(Comparator.naturalOrder())
                .orElseGet(() -> group.stream().map(match -> match.record().id()).min(Comparator.naturalOrder())
                        .orElseThrow());
        List<String> aliases = ids.stream().filter(id -> !id.equals(preferred)).sorted().toList();
        Set<String> fixes = new LinkedHashSet<>();
        group.forEach(match -> fixes.addAll(match.fixes()));
        List<String> sortedFixes = fixes.stream().sorted((a, b) -> compare(scheme, a, b)).toList();
        Instant modified = group.stream().map(match -> match.record().modified()).max(Comparator.naturalOrder())
                .orElseThrow();
        return new Finding(preferred, aliases, pkg, sortedFixes,
                sortedFixes.isEmpty() ? Finding.FixState.NOT_FIXED : Finding.FixState.FIXED,
                Severities.of(group), modified);
    }

    /** Every id of the group's records and of the aliases that joined them. */
    private static Set<String> ids(Map<String, String> parent, List<Match> group) {
        String root = find(parent, group.getFirst().record().id());
        Set<String> ids = new TreeSet<>();
        parent.keySet().stream().filter(id -> find(parent, id).equals(root)).forEach(ids::add);
        return ids;
    }

    private static int compare(VersionScheme scheme, String a, String b) {
        try {
            return scheme.compare(a, b);
        } catch (InvalidVersionException e) {
            return a.compareTo(b);
        }
    }

    private static String find(Map<String, String> parent, String id) {
        String root = parent.computeIfAbsent(id, self -> self);
        while (!root.equals(parent.get(root))) {
            root = parent.get(root);
        }
        parent.put(id, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String rootA = find(parent, a);
        String rootB = find(parent, b);
        if (!rootA.equals(rootB)) {
            parent.put(rootB, rootA);
        }
    }
}
