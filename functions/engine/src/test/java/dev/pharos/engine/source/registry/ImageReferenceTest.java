package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void dockerHubDefaults() {
        assertThat(ImageReference.parse("alpine")).isEqualTo(new ImageReference("docker.io", "library/alpine",
                Optional.of("latest"), Optional.empty()));
        assertThat(ImageReference.parse("bitnami/redis:7.2")).isEqualTo(new ImageReference("docker.io",
                "bitnami/redis", Optional.of("7.2"), Optional.empty()));
        assertThat(ImageReference.parse("index.docker.io/nginx").repository()).isEqualTo("library/nginx");
        assertThat(ImageReference.parse("docker.io/library/alpine:3.19").apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void registryHostsPortsTagsAndDigests() {
        ImageReference ref = ImageReference.parse("registry.example.com:5000/team/app:1.0@" + DIGEST);
        assertThat(ref).isEqualTo(new ImageReference("registry.example.com:5000", "team/app", Optional.of("1.0"),
                Optional.of(DIGEST)));
        assertThat(ref.manifestReference()).isEqualTo(DIGEST);
        assertThat(ref.apiHost()).isEqualTo("registry.example.com:5000");
        assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
        assertThat(ImageReference.parse("[::1]:5000/app:x").registry()).isEqualTo("[::1]:5000");
        // No dot, colon or "localhost": a Docker Hub namespace, not a host.
        assertThat(ImageReference.parse("myhost/app").registry()).isEqualTo("docker.io");
        assertThat(ImageReference.parse("r.io/a/app@" + DIGEST).tag()).isEmpty();
        assertThat(ImageReference.parse("r.io/a/app@" + DIGEST).toString()).isEqualTo("r.io/a/app@" + DIGEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER/case", "r.io/app:bad tag", "r.io/app@sha256:abc", "r.io/app@nodigest",
            "r.io//app", "r.io/app:", "r.io/-app", "bad host!.io/app", "r.io/app@sha256:" + "A0"})
    void malformedReferencesAreRejected(String text) {
        assertThatThrownBy(() -> ImageReference.parse(text)).isInstanceOfSatisfying(PharosException.class,
                e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT))
                .hasMessageContaining("image reference");
    }
}
