package dev.pharos.engine.vuln.db;

import dev.pharos.engine.vuln.osv.OsvRecord;

import java.util.Collection;
import java.util.List;

/**
 * Reads advisories in the two steps the matcher takes: the candidates for an image's packages, then the records of
 * only those that affect an installed version. Both steps see the same advisory data
 * ({@link AdvisorySource#read}). Withdrawn advisories are in neither.
 */
public interface AdvisoryReader {
    /** Every (package, advisory) for the packages; a package no advisory names has none. */
    List<AdvisoryCandidate> candidates(Collection<PackageKey> packages);

    /**
     * The records with these ids, in no particular order; an id with no live record is left out. A reader may leave
     * out the records' {@code affected[]} entries: the candidates carry the ones for the packages looked up, and the
     * others (often most of a record) would be read and parsed for nothing. {@code AdvisoryStore} does.
     */
    List<OsvRecord> records(Collection<String> ids);
}
