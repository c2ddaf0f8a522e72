package dev.pharos.scanner.store;

import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.vuln.Finding;

import java.util.List;

/**
 * A match of one image, ready to be recorded.
 *
 * @param analysed        the inventory comes from a fresh analysis (its packages replace the stored ones)
 * @param analysisVersion the catalogers that produced the inventory
 * @param generation      the advisory generation the findings were matched at
 * @param sbom            where the inventory's CycloneDX document is stored
 */
public record ScanResult(String digest, Inventory inventory, boolean analysed, String analysisVersion,
                         long generation, String engine, List<Finding> findings, String sbom) {
    public ScanResult {
        findings = List.copyOf(findings);
    }
}
