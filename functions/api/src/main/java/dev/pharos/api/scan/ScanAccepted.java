package dev.pharos.api.scan;

import java.util.Map;
import java.util.UUID;

/** The 202 answer to a scan request: where to follow the scan. */
public record ScanAccepted(UUID id, String status, Map<String, String> links) {
    static ScanAccepted of(ScanView scan) {
        return new ScanAccepted(scan.id(), scan.status(), scan.links());
    }
}
