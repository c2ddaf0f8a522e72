package dev.pharos.engine.vuln.match;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.db.AdvisoryCandidate;
import dev.pharos.engine.vuln.db.AdvisoryReader;
import dev.pharos.engine.vuln.db.AdvisorySource;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The native engine: an inventory's packages against the advisory database, in two lookups for all packages.
 * <ol>
 *   <li>The candidates: for each package, the advisories naming it with only their {@code affected[]} entries for
 *       it ({@link AdvisoryReader#candidates}). Affectedness and fixes are decided on those.</li>
 *   <li>The records of the advisories that affect some package ({@link AdvisoryReader#records}), without their
 *       entries: their ids, aliases, severities and modification times make the findings. Most candidates affect
 *       nothing (a fixed version is installed), so most records are never read.</li>
 * </ol>
 * Each package gets one finding per vulnerability: advisories about the same vulnerability are joined through
 * their aliases ({@link FindingGroups}).
 */
public final class NativeMatcher implements ScanEngine {
    /**
     * Whole records for packages, from memory: how tests state records inline. The store keeps no whole records
     * (each record's entries are in its package rows); it is read through {@link #over}.
     */
    @FunctionalInterface
    public interface AdvisoryLookup {
        List<OsvRecord> forPackages(Collection<PackageKey> keys);
    }

    private final AdvisorySource advisories;

    /** Matches against records looked up whole; the candidates are cut from them in memory. */
    public NativeMatcher(AdvisoryLookup advisories) {
        this(new LookupSource(advisories));
    }

    private NativeMatcher(AdvisorySource advisories) {
        this.advisories = advisories;
    }

    /** Matches against {@code AdvisoryStore} (or anything reading as it does): the production path. */
    public static NativeMatcher over(AdvisorySource advisories) {
        return new NativeMatcher(advisories);
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public List<Finding> scan(Inventory inventory) {
        Map<ImagePackage, MatchKey> keyed = new LinkedHashMap<>();
        for (ImagePackage pkg : inventory.packages()) {
            MatchKey.of(pkg, inventory.os()).ifPresent(key -> keyed.put(pkg, key));
        }
        List<Map.Entry<ImagePackage, MatchKey>> packages = List.copyOf(keyed.entrySet());
        Set<PackageKey> lookedUp = new HashSet<>();
        packages.forEach(entry -> lookedUp.add(entry.getValue().key()));
        // Packages are matched and grouped on all cores (parallel streams keep the packages' order): both steps are
        // pure and the database is idle meanwhile.
        return advisories.read(reader -> {
            Map<PackageKey, List<AdvisoryCandidate>> byKey = new HashMap<>();
            for (AdvisoryCandidate candidate : reader.candidates(lookedUp)) {
                byKey.computeIfAbsent(candidate.key(), ignored -> new ArrayList<>()).add(candidate);
            }
            List<List<Affecting>> affecting = packages.parallelStream().map(entry -> affecting(entry.getValue(),
                    byKey.getOrDefault(entry.getValue().key(), List.of()))).toList();
            Set<String> ids = new HashSet<>();
            affecting.forEach(found -> found.forEach(match -> ids.add(match.candidate().advisoryId())));
            Map<String, OsvRecord> records = new HashMap<>();
            for (OsvRecord record : reader.records(ids)) {
                records.put(record.id(), record);
            }
            return IntStream.range(0, packages.size()).parallel().filter(i -> !affecting.get(i).isEmpty())
                    .mapToObj(i -> findings(packages.get(i).getKey(), packages.get(i).getValue(), affecting.get(i),
                            records))
                    .flatMap(List::stream).toList();
        });
    }

    /** A candidate that affects the installed version, with the fixes its entries name above it. */
    private record Affecting(AdvisoryCandidate candidate, List<String> fixes) {
    }

    private static List<Affecting> affecting(MatchKey key, List<AdvisoryCandidate> candidates) {
        Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(key.key().ecosystem());
        if (scheme.isEmpty() || candidates.isEmpty() || !readable(scheme.get(), key.version())) {
            return List.of();
        }
        List<Affecting> found = new ArrayList<>();
        for (AdvisoryCandidate candidate : candidates) {
            Set<String> fixes = new LinkedHashSet<>();
            boolean affected = false;
            for (OsvAffected entry : candidate.entries()) {
                AffectedVersions.Verdict verdict = AffectedVersions.evaluate(entry, key.version(), scheme.get());
                if (verdict.affected()) {
                    affected = true;
                    fixes.addAll(verdict.fixes());
                }
            }
            if (affected) {
                found.add(new Affecting(candidate, List.copyOf(fixes)));
            }
        }
        return found;
    }

    /**
     * A candidate whose record is no longer there (withdrawn or gone since the candidates were read, which the
     * store's snapshot rules out) reports nothing.
     */
    private static List<Finding> findings(ImagePackage pkg, MatchKey key, List<Affecting> found,
                                          Map<String, OsvRecord> records) {
        List<FindingGroups.Match> matches = new ArrayList<>();
        for (Affecting match : found) {
            OsvRecord record = records.get(match.candidate().advisoryId());
            if (record != null && record.withdrawn().isEmpty()) {
                matches.add(new FindingGroups.Match(record, match.candidate().entries(), match.fixes()));
            }
        }
        return FindingGroups.findings(pkg, matches, VersionSchemes.forEcosystem(key.key().ecosystem()).orElseThrow());
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

    /** Candidates cut in memory from whole records (withdrawn ones dropped), and those records by id. */
    private record LookupSource(AdvisoryLookup lookup) implements AdvisorySource {
        @Override
        public <T> T read(Function<AdvisoryReader, T> work) {
            Map<String, OsvRecord> read = new HashMap<>();
            return work.apply(new AdvisoryReader() {
                @Override
                public List<AdvisoryCandidate> candidates(Collection<PackageKey> packages) {
                    Set<PackageKey> wanted = Set.copyOf(packages);
                    List<AdvisoryCandidate> candidates = new ArrayList<>();
                    for (OsvRecord record : lookup.forPackages(wanted)) {
                        if (record.withdrawn().isEmpty()) {
                            read.put(record.id(), record);
                            AdvisoryCandidate.of(record).stream().filter(candidate -> wanted.contains(candidate.key()))
                                    .forEach(candidates::add);
                        }
                    }
                    return candidates;
                }

                @Override
                public List<OsvRecord> records(Collection<String> ids) {
                    return ids.stream().map(read::get).filter(record -> record != null).toList();
                }
            });
        }
    }
}
