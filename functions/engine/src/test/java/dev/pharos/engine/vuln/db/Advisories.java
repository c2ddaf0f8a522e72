package dev.pharos.engine.vuln.db;

import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvEvent;
import dev.pharos.engine.vuln.osv.OsvPackage;
import dev.pharos.engine.vuln.osv.OsvRange;
import dev.pharos.engine.vuln.osv.OsvRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
}
