package dev.pharos.scanner.sbom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSbomStoreTest {
    @Test
    void anSbomIsWrittenUnderItsDigestAndAddressedByAFileUri(@TempDir Path directory) throws IOException {
        String digest = "sha256:" + "cd".repeat(32);

        String reference = new LocalSbomStore(directory).put(digest, "{}".getBytes());

        Path file = Path.of(URI.create(reference));
        assertThat(file).isEqualTo(directory.resolve("sha256").resolve("cd".repeat(32) + ".cdx.json"));
        assertThat(Files.readString(file)).isEqualTo("{}");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void somethingThatIsNotADigestNeverBecomesAPath(@TempDir Path directory) {
        assertThatThrownBy(() -> new LocalSbomStore(directory).put("sha256:../../etc/passwd", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SbomStore.keyOf("../x:abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
