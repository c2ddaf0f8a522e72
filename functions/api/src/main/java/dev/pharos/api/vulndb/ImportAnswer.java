package dev.pharos.api.vulndb;

import dev.pharos.engine.vuln.db.ImportReport;

import java.util.List;

/**
 * What an advisory import did.
 *
 * @param source     what was imported, as recorded with the generation ({@code upload:sha256:...}, {@code path:...}
 *                   or the URL without its query)
 * @param rejected   records that could not be read, with their id (or entry name) and why; the rest went in
 * @param generation the advisory data generation after the import (unchanged when nothing changed)
 * @param announced  generations announced with dev.pharos.vulndb.updated.v1 by this request: this import's, and
 *                   any earlier one whose event the broker had refused
 */
public record ImportAnswer(String source, int inserted, int updated, int unchanged,
                           List<ImportReport.Rejected> rejected, long generation, List<Long> announced) {
    static ImportAnswer of(String source, ImportReport report, long generation, List<Long> announced) {
        return new ImportAnswer(source, report.inserted(), report.updated(), report.unchanged(), report.rejected(),
                generation, List.copyOf(announced));
    }
}
