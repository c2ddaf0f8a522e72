package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.Unknown;

import java.util.List;
import java.util.Optional;

/**
 * An image's precise package inventory: what the engine hands to matching, persistence and SBOM export.
 *
 * @param subject        what was analysed (an image reference, a layout path, an SBOM's name)
 * @param manifestDigest the platform manifest's digest, when the subject was an image
 * @param layers         layer digests bottom first (empty for an SBOM)
 * @param unknowns       files that could not be analysed and entries the walker refused
 */
public record Inventory(String subject, Optional<String> manifestDigest, List<String> layers, Optional<OsRelease> os,
                        List<ImagePackage> packages, List<Unknown> unknowns) {
    public Inventory {
        layers = List.copyOf(layers);
        packages = List.copyOf(packages);
        unknowns = List.copyOf(unknowns);
    }
}
