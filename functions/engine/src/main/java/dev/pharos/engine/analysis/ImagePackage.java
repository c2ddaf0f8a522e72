package dev.pharos.engine.analysis;

import dev.pharos.engine.catalog.FoundPackage;

import java.util.Optional;

/** A package of an image, with the layer it comes from (empty when the input was an SBOM without layers). */
public record ImagePackage(FoundPackage pkg, Optional<String> layerDigest) {
}
