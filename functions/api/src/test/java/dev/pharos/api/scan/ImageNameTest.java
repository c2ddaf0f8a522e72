package dev.pharos.api.scan;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Normalisation as docker and the distribution reference library do it (normalize.go's ParseNormalizedNamed). */
class ImageNameTest {
    private static final String DIGEST = "sha256:" + "0f".repeat(32);

    @ParameterizedTest
    @CsvSource({
            "nginx:1.27, docker.io/library/nginx:1.27",
            "nginx, docker.io/library/nginx:latest",
            "index.docker.io/nginx:1, docker.io/library/nginx:1",
            "docker.io/bitnami/redis:7.2, docker.io/bitnami/redis:7.2",
            "bitnami/redis:7.2, docker.io/bitnami/redis:7.2",
            "localhost/app:dev, localhost/app:dev",
            "localhost:5000/team/app:1, localhost:5000/team/app:1",
            "ghcr.io/acme/tools/cli:v2.0.1, ghcr.io/acme/tools/cli:v2.0.1",
            "Registry/app:1, Registry/app:1",
            "[::1]:5000/app:1, [::1]:5000/app:1",
            "  quay.io/org/app:1  , quay.io/org/app:1"})
    void normalises(String reference, String canonical) {
        assertThat(ImageName.parse(reference).canonical()).isEqualTo(canonical);
    }

    @Test
    void keepsTagAndDigestTogether() {
        ImageName name = ImageName.parse("nginx:1.27@" + DIGEST);
        assertThat(name.registry()).isEqualTo("docker.io");
        assertThat(name.repository()).isEqualTo("library/nginx");
        assertThat(name.tag()).contains("1.27");
        assertThat(name.digest()).contains(DIGEST);
        assertThat(ImageName.parse("nginx@" + DIGEST).tag()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nginx:", "nginx@sha256:abc", "Nginx:1", "docker.io/Library/nginx",
            "nginx:-bad", "/nginx", "nginx//x", "nginx:1 2", "ghcr.io/", "a@b@c"})
    void refusesInvalidReferences(String reference) {
        assertThatThrownBy(() -> ImageName.parse(reference)).isInstanceOf(PharosException.class)
                .hasMessageContaining("/image: invalid image reference")
                .extracting(e -> ((PharosException) e).kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
    }

    @Test
    void refusesNamesLongerThanDistributionAllows() {
        assertThatThrownBy(() -> ImageName.parse("example.com/" + "a".repeat(250) + ":1"))
                .hasMessageContaining("longer than 255");
    }
}
