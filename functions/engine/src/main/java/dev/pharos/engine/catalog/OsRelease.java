package dev.pharos.engine.catalog;

import java.util.Optional;

/**
 * The image's operating system, from {@code os-release} (freedesktop.org os-release(5)) or a distribution's own
 * release file.
 *
 * @param id           {@code ID}, e.g. {@code debian}, {@code alpine}, {@code ubuntu}
 * @param versionId    {@code VERSION_ID}, e.g. {@code 11}, {@code 3.19.1}, {@code 22.04}; may be empty (Debian sid)
 * @param prettyName   {@code PRETTY_NAME} for display
 * @param osvEcosystem the OSV ecosystem that scopes this release's advisories ({@code Debian:11},
 *                     {@code Alpine:v3.19}, {@code Ubuntu:22.04:LTS}); empty for distributions OSV does not cover
 */
public record OsRelease(String id, String versionId, String prettyName, Optional<String> osvEcosystem) {
}
