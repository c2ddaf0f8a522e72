package dev.pharos.engine.vuln.db;

import java.util.function.Function;

/** Where the matcher reads advisories: {@link AdvisoryStore} in production and tests. */
public interface AdvisorySource {
    /**
     * Runs {@code work} with a reader whose calls all see one snapshot of the advisory data, so that an import
     * between the two steps cannot pair one copy's ranges with another copy's aliases.
     */
    <T> T read(Function<AdvisoryReader, T> work);
}
