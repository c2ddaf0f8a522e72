package dev.pharos.core.event;

import java.time.Instant;

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
}
