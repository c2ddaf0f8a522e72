package dev.pharos.harness.bench;

import dev.pharos.engine.vuln.db.AdvisoryCandidate;
import dev.pharos.engine.vuln.db.AdvisoryReader;
import dev.pharos.engine.vuln.db.AdvisorySource;
import dev.pharos.engine.vuln.db.PackageKey;
import dev.pharos.engine.vuln.osv.OsvRecord;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times the native matcher's steps by wrapping its advisory source: the candidate lookup, the projection match
 * (between the two lookups), the hydration of the matched records and the grouping into findings (after the
 * second lookup until the scan returns). Whatever is left of a scan (keys, transaction begin and commit) is
 * "other".
 */
final class MatchBreakdown implements AdvisorySource {
    /** One scan's steps in milliseconds; {@code records} is how many records were read. */
    record Steps(double total, double lookup, double projectionMatch, double hydration, double grouping,
                 int candidates, int records) {
        double other() {
            return total - lookup - projectionMatch - hydration - grouping;
        }

        @Override
        public String toString() {
            return String.format("%.1f ms = lookup %.1f (%d candidates) + projection match %.1f + hydration %.1f "
                            + "(%d records) + grouping %.1f + other %.1f", total, lookup, candidates,
                    projectionMatch, hydration, records, grouping, other());
        }
    }

    /** When a step ran and how many items it returned. */
    private static final class Step {
        private long start;
        private long end;
        private int items;

        <T> List<T> time(Supplier<List<T>> step) {
            start = System.nanoTime();
            List<T> found = step.get();
            end = System.nanoTime();
            items = found.size();
            return found;
        }
    }

    private final AdvisorySource delegate;
    private final Step lookup = new Step();
    private final Step hydration = new Step();
    private long start;

    MatchBreakdown(AdvisorySource delegate) {
        this.delegate = delegate;
    }

    void start() {
        start = System.nanoTime();
    }

    Steps stop() {
        long end = System.nanoTime();
        return new Steps(millis(end - start), millis(lookup.end - lookup.start), millis(hydration.start - lookup.end),
                millis(hydration.end - hydration.start), millis(end - hydration.end), lookup.items, hydration.items);
    }

    @Override
    public <T> T read(Function<AdvisoryReader, T> work) {
        return delegate.read(reader -> work.apply(new AdvisoryReader() {
            @Override
            public List<AdvisoryCandidate> candidates(Collection<PackageKey> packages) {
                return lookup.time(() -> reader.candidates(packages));
            }

            @Override
            public List<OsvRecord> records(Collection<String> ids) {
                return hydration.time(() -> reader.records(ids));
            }
        }));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
