package dev.pharos.engine.vuln.db;

import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvEvent;
import dev.pharos.engine.vuln.osv.OsvPackage;
import dev.pharos.engine.vuln.osv.OsvRange;
import dev.pharos.engine.vuln.osv.OsvRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Small synthetic OSV records for store and importer tests. */
final class Advisories {
    private Advisories() {
    }

    /** A record affecting each package (ecosystem, name pairs) from {@code introduced: 0} to {@code fixed: 2.0}. */
    static OsvRecord record(String id, String modified, PackageKey... packages) {
        return record(id, modified, Optional.empty(), packages);
    }

    static OsvRecord withdrawn(String id, String modified, PackageKey... packages) {
        return record(id, modified, Optional.of(Instant.parse(modified)), packages);
    }

    private static OsvRecord record(String id, String modified, Optional<Instant> withdrawn, PackageKey... packages) {
        List<OsvAffected> affected = java.util.Arrays.stream(packages).map(key -> new OsvAffected(
                new OsvPackage(key.ecosystem(), key.name(), Optional.empty()),
                List.of(new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(new OsvEvent(OsvEvent.Kind.INTRODUCED, "0"),
                        new OsvEvent(OsvEvent.Kind.FIXED, "2.0")))),
                List.of(), List.of(), Optional.empty())).toList();
        return new OsvRecord(id, Instant.parse(modified), Optional.empty(), withdrawn, List.of("CVE-" + id),
                List.of(), Optional.of("summary of " + id), List.of(), affected);
    }

    /**
     * The advisories naming any of the packages, read as the matcher reads them (candidates, then the records by
     * id), so without their entries ({@link #head}).
     */
    static List<OsvRecord> found(AdvisoryStore store, PackageKey... packages) {
        return store.read(reader -> {
            Set<String> ids = new TreeSet<>();
            reader.candidates(List.of(packages)).forEach(candidate -> ids.add(candidate.advisoryId()));
            return reader.records(ids);
        });
    }

    /** The record as the store keeps it in {@code advisory.record}: every field but its affected[] entries. */
    static OsvRecord head(OsvRecord record) {
        return new OsvRecord(record.id(), record.modified(), record.published(), record.withdrawn(), record.aliases(),
                record.upstream(), record.summary(), record.severity(), List.of());
    }
}
