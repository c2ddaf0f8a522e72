package dev.pharos.scanner;

import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real images: a Debian 12 base layer with this machine's real dpkg status (the engine's {@code real} fixture,
 * 152 installed packages), and an application layer with the real log4j-core 2.14.1 jar from Maven Central (copied into
 * {@code target/java-fixtures} by the build).
 */
final class TestImages {
    static final String OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            """;
    static final String LOG4J_JAR = "app/lib/log4j-core-2.14.1.jar";

    private TestImages() {
    }

    /** A pushed image: its manifest digest and the reference parts. */
    record Pushed(String registry, String repository, String tag, String digest) {
    }

    /** Writes the Debian + log4j image to {@code layout}; {@code marker} makes its digest unique. */
    static String debianWithLog4j(Path layout, String marker) {
        return OciImageBuilder.image()
                .layer(Map.of("etc/os-release", OS_RELEASE.getBytes(StandardCharsets.UTF_8),
                        "var/lib/dpkg/status", read(engineFixture("catalog/dpkg/real/var/lib/dpkg/status"))))
                .layer(Map.of(LOG4J_JAR, read(Path.of("target/java-fixtures/log4j-core-2.14.1.jar")),
                        "app/marker.txt", marker.getBytes(StandardCharsets.UTF_8)))
                .tag("scan")
                .writeTo(layout);
    }

    static Pushed push(Path layout, String digest, String registry, String repository, String tag) {
        Skopeo.copy(layout, "scan", registry + "/" + repository + ":" + tag);
        return new Pushed(registry, repository, tag, digest);
    }

    static Path engineFixture(String path) {
        return Peers.repoRoot().resolve("functions/engine/src/test/resources").resolve(path);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
