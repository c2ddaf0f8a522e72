package dev.pharos.scanner.store;

import dev.pharos.core.event.SeverityCounts;

/**
 * What is stored about an analysed image: enough to decide whether a scan can reuse it.
 *
 * @param analysisVersion   the catalogers that produced its packages ({@code name:version,...})
 * @param matchedGeneration the advisory generation its open findings reflect
 */
public record ImageState(String digest, String analysisVersion, long matchedGeneration, String engine,
                         int packageCount, SeverityCounts severities, String sbom) {
}
