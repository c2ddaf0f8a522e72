package dev.pharos.scanner;

import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;

/**
 * The engine's matching-suite advisories (OSV records transcribed from public advisories), imported the way the
 * advisory import does it: through {@link OsvImporter}, recording a new generation when something changed.
 */
final class SuiteAdvisories {
    private SuiteAdvisories() {
    }

    /** Imports {@code advisories/<ecosystem>} (or everything for ""); returns the generation afterwards. */
    static long load(AdvisoryStore store, String ecosystem) {
        var directory = TestImages.engineFixture("vuln/suite/advisories").resolve(ecosystem);
        ImportReport report = new OsvImporter(store, ImportLimits.DEFAULTS).importDirectory(directory);
        return store.recordGeneration("suite/" + ecosystem, report);
    }
}
