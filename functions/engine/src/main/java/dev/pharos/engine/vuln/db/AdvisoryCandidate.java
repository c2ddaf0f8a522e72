package dev.pharos.engine.vuln.db;

import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An advisory as far as one package is concerned: its {@code affected[]} entries naming that package, which is all
 * the matcher needs to decide whether an installed version is affected. The store keeps one per (package, advisory)
 * (table {@code advisory_package}, migration V7 in core).
 *
 * @param entries in the record's order; more than one when the record names the package several times (log4j-core's
 *                three entries in Log4Shell)
 */
public record AdvisoryCandidate(PackageKey key, String advisoryId, List<OsvAffected> entries) {
    public AdvisoryCandidate {
        entries = List.copyOf(entries);
    }

    /** One candidate per package the record names, keys spelled by {@link PackageKey#of}, in the record's order. */
    public static List<AdvisoryCandidate> of(OsvRecord record) {
        Map<PackageKey, List<OsvAffected>> byKey = new LinkedHashMap<>();
        for (OsvAffected affected : record.affected()) {
            byKey.computeIfAbsent(PackageKey.of(affected.pkg().ecosystem(), affected.pkg().name()),
                    ignored -> new ArrayList<>()).add(affected);
        }
        List<AdvisoryCandidate> candidates = new ArrayList<>(byKey.size());
        byKey.forEach((key, entries) -> candidates.add(new AdvisoryCandidate(key, record.id(), entries)));
        return candidates;
    }
}
