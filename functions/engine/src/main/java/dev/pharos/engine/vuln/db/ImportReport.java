package dev.pharos.engine.vuln.db;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did.
 *
 * @param inserted  advisories new to the store
 * @param updated   advisories replaced by a strictly newer {@code modified}
 * @param unchanged advisories whose stored copy was as new or newer (never downgraded)
 * @param rejected  records that could not be read or fetched, with the id (or file name) and why
 */
public record ImportReport(int inserted, int updated, int unchanged, List<Rejected> rejected) {
    public static final ImportReport EMPTY = new ImportReport(0, 0, 0, List.of());

    public ImportReport {
        rejected = List.copyOf(rejected);
    }

    public ImportReport plus(ImportReport other) {
        List<Rejected> all = new ArrayList<>(rejected);
        all.addAll(other.rejected);
        return new ImportReport(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged, all);
    }

    public ImportReport withRejected(List<Rejected> more) {
        return plus(new ImportReport(0, 0, 0, more));
    }

    /** @param id the record id, or the file / archive entry name when the id could not be read */
    public record Rejected(String id, String reason) {
    }
}
