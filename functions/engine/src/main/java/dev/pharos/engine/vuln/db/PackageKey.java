package dev.pharos.engine.vuln.db;

import java.util.Locale;

/**
 * A package as advisories name it.
 *
 * @param ecosystem as OSV spells it, release included: an image whose os-release says Debian 11 looks up
 *                  {@code Debian:11}, Alpine 3.19.1 {@code Alpine:v3.19}; language ecosystems have no release
 *                  ({@code Maven}, {@code npm}, {@code PyPI}, {@code Go})
 * @param name      the name in that ecosystem (for OS packages the source package)
 */
public record PackageKey(String ecosystem, String name) {
    /**
     * The key both the store indexes by and the matcher looks up, so the two agree on spelling: PyPI names are
     * PEP 503-normalised (PyPI itself treats {@code Jinja2}, {@code jinja2} and {@code jinja-2} alike, and
     * advisories and installed metadata spell them either way); other ecosystems compare names exactly.
     */
    public static PackageKey of(String ecosystem, String name) {
        return new PackageKey(ecosystem, ecosystem.equals("PyPI")
                ? name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : name);
    }
}
