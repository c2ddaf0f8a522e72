package dev.pharos.engine.vuln.osv;

import java.util.Optional;

/**
 * @param ecosystem as OSV spells it, release included: {@code Debian:11}, {@code Alpine:v3.19}, {@code Maven},
 *                  {@code npm}, {@code PyPI}, {@code Go}
 * @param name      the ecosystem's name: a Debian source package, {@code group:artifact}, a module path, ...
 */
public record OsvPackage(String ecosystem, String name, Optional<String> purl) {
}
