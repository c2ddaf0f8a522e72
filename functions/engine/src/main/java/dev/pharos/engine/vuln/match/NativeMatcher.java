package dev.pharos.engine.vuln.match;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.db.PackageKey;
import dev.pharos.engine.vuln.engine.ScanEngine;
import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.version.InvalidVersionException;
import dev.pharos.engine.vuln.version.VersionScheme;
import dev.pharos.engine.vuln.version.VersionSchemes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The native engine: an inventory's packages against the advisory database, in one lookup for all packages.
 * Each package gets one finding per vulnerability: advisories about the same vulnerability are joined through
 * their aliases ({@link FindingGroups}).
 */
public final class NativeMatcher implements ScanEngine {
    /** Where advisories come from: the PostgreSQL advisory store in production and tests. */
    @FunctionalInterface
    public interface AdvisoryLookup {
        List<OsvRecord> forPackages(Collection<PackageKey> keys);
    }

    private final AdvisoryLookup advisories;

    public NativeMatcher(AdvisoryLookup advisories) {
        this.advisories = advisories;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public List<Finding> scan(Inventory inventory) {
        Map<ImagePackage, MatchKey> keys = new LinkedHashMap<>();
        for (ImagePackage pkg : inventory.packages()) {
            MatchKey.of(pkg, inventory.os()).ifPresent(key -> keys.put(pkg, key));
        }
        // Per package key, each advisory naming it with its affected entries for that key (a record may name
        // several packages, or one package in several entries, like log4j-core's three in Log4Shell).
        Map<PackageKey, Map<OsvRecord, List<OsvAffected>>> byKey = new HashMap<>();
        for (OsvRecord record : advisories.forPackages(Set.copyOf(keys.values().stream().map(MatchKey::key)
                .toList()))) {
            if (record.withdrawn().isPresent()) {
                continue;
            }
            for (OsvAffected affected : record.affected()) {
                byKey.computeIfAbsent(PackageKey.of(affected.pkg().ecosystem(), affected.pkg().name()),
                                ignored -> new IdentityHashMap<>())
                        .computeIfAbsent(record, ignored -> new ArrayList<>()).add(affected);
            }
        }
        List<Finding> findings = new ArrayList<>();
        keys.forEach((pkg, key) -> findings.addAll(match(pkg, key, byKey.getOrDefault(key.key(), Map.of()))));
        return findings;
    }

    private static List<Finding> match(ImagePackage pkg, MatchKey key, Map<OsvRecord, List<OsvAffected>> records) {
        Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(key.key().ecosystem());
        if (scheme.isEmpty() || records.isEmpty() || !readable(scheme.get(), key.version())) {
            return List.of();
        }
        List<FindingGroups.Match> matches = new ArrayList<>();
        for (Map.Entry<OsvRecord, List<OsvAffected>> record : records.entrySet()) {
            Set<String> fixes = new LinkedHashSet<>();
            boolean affected = false;
            for (OsvAffected entry : record.getValue()) {
                AffectedVersions.Verdict verdict = AffectedVersions.evaluate(entry, key.version(), scheme.get());
                if (verdict.affected()) {
                    affected = true;
                    fixes.addAll(verdict.fixes());
                }
            }
            if (affected) {
                matches.add(new FindingGroups.Match(record.getKey(), record.getValue(), List.copyOf(fixes)));
            }
        }
        return FindingGroups.findings(pkg, matches, scheme.get());
    }

    /** An installed version its ecosystem cannot read matches nothing (rather than everything). */
    private static boolean readable(VersionScheme scheme, String version) {
        try {
            scheme.compare(version, version);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }
}
