package dev.pharos.engine.vuln.db;

/**
 * A package as advisories name it.
 *
 * @param ecosystem as OSV spells it, release included: an image whose os-release says Debian 11 looks up
 *                  {@code Debian:11}, Alpine 3.19.1 {@code Alpine:v3.19}; language ecosystems have no release
 *                  ({@code Maven}, {@code npm}, {@code PyPI}, {@code Go})
 * @param name      the name in that ecosystem (for OS packages the source package)
 */
public record PackageKey(String ecosystem, String name) {
}
