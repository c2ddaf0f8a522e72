package dev.pharos.engine.vuln.version;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded memo of parsed versions. Advisories and images repeat the same few versions endlessly, and parsing
 * costs far more than a lookup: Maven's {@code ComparableVersion} takes about 5 µs per comparison, and the
 * regular expressions of the other schemes about 1 µs, which made parsing most of a 2,000-package match's version
 * comparisons (docs/benchmarks.md). Every scheme parses through one. When full it starts over instead of
 * evicting. That bounds memory (a few MB) without a lock. Invalid versions throw and are not remembered.
 *
 * @param <T> the parsed form; it must be immutable, because the parsed version is shared between threads
 */
final class ParsedVersions<T> {
    static final int CAPACITY = 20_000;

    private final Function<String, T> parser;
    private volatile ConcurrentHashMap<String, T> parsed = new ConcurrentHashMap<>();

    ParsedVersions(Function<String, T> parser) {
        this.parser = parser;
    }

    T get(String version) {
        ConcurrentHashMap<String, T> current = parsed;
        T hit = current.get(version);
        if (hit != null) {
            return hit;
        }
        T value = parser.apply(version);
        if (current.size() >= CAPACITY) {
            current = new ConcurrentHashMap<>();
            parsed = current;
        }
        current.put(version, value);
        return value;
    }

    int size() {
        return parsed.size();
    }
}
