package dev.pharos.core.event;

import java.time.Instant;
import java.util.UUID;

/** Canonical payloads, shared with other modules' tests through the test-jar. */
public final class EventFixtures {
    public static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    public static final Instant AT = Instant.parse("2026-11-23T10:15:30Z");

    private EventFixtures() {
    }

    public static ImagePushed pushed() {
        return new ImagePushed("registry.example.com:5000", "team/app", "1.0", DIGEST,
                "application/vnd.oci.image.manifest.v1+json", AT, SourceKind.DISTRIBUTION, "ci-bot");
    }

    public static ImagePushed pushedTagOnly() {
        return new ImagePushed("docker.io", "library/nginx", "1.27", null, null, AT, SourceKind.DOCKERHUB, null);
    }

    public static ImageDeleted deleted() {
        return new ImageDeleted("registry.example.com:5000", "team/app", null, DIGEST, AT, SourceKind.DISTRIBUTION,
                null);
    }

    public static final UUID SCAN_ID = UUID.fromString("5f0c2a9e-3b1d-4c6e-9a7f-0e1d2c3b4a59");

    public static ScanRequested scanRequested() {
        return new ScanRequested(SCAN_ID, "registry.example.com:5000", "team/app", "1.0", null, false, AT, "api");
    }

    public static ImageScanned scanned() {
        return new ImageScanned(SCAN_ID, "registry.example.com:5000", "team/app", "1.0", DIGEST, ScanTrigger.PUSH,
                "native", false, 212, new SeverityCounts(1, 3, 5, 2, 0, 1), "s3://pharos-sboms/sha256/" +
                DIGEST.substring("sha256:".length()) + ".cdx.json", AT);
    }

    public static ScanFailed scanFailed() {
        return new ScanFailed(SCAN_ID, "registry.example.com:5000", "team/app", "1.0", null, ScanTrigger.REQUEST,
                "not-found", "manifest unknown: team/app:1.0", AT);
    }

    public static VulndbUpdated vulndbUpdated() {
        return new VulndbUpdated(7, "file:all.zip", 120, 4, AT);
    }
}
