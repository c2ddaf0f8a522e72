package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    private DockerConfigCredentials config(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return new DockerConfigCredentials(file);
    }

    @Test
    void matchesDockerHubAliasesSchemesAndPortsAndBothEntryForms() throws IOException {
        DockerConfigCredentials credentials = config("""
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "https://ghcr.io": {"username": "octo", "password": "pat"},
                  "registry.example.com:5000": {"auth": "%s"},
                  "helper.example.com": {}
                }, "credHelpers": {"gcr.io": "gcloud"}}""".formatted(b64("hubber:s3cret"), b64("u:p:with:colons")));

        assertThat(credentials.find("docker.io")).contains(new RegistryCredentials.Basic("hubber", "s3cret"));
        assertThat(credentials.find("ghcr.io")).contains(new RegistryCredentials.Basic("octo", "pat"));
        assertThat(credentials.find("registry.example.com:5000"))
                .contains(new RegistryCredentials.Basic("u", "p:with:colons"));
        assertThat(credentials.find("registry.example.com")).isEmpty();
        // Entries served by credential helpers carry no secret here: unsupported, so no credentials.
        assertThat(credentials.find("helper.example.com")).isEmpty();
        assertThat(credentials.find("gcr.io")).isEmpty();
    }

    @Test
    void aMissingFileHasNoCredentialsAndABrokenOneIsAConfigErrorWithoutSecrets() throws IOException {
        assertThat(new DockerConfigCredentials(dir.resolve("absent.json")).find("docker.io")).isEmpty();
        DockerConfigCredentials broken = config("{\"auths\": {\"r.io\": {\"auth\": \"c2VjcmV0LXdpdGhvdXQtY29sb24=\"}}}");
        assertThatThrownBy(() -> broken.find("r.io")).isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.INVALID_CONFIG))
                .hasMessageContaining("not user:password").hasMessageNotContaining("secret");
    }

    @Test
    void basicCredentialsNeverPrintTheirPassword() {
        assertThat(new RegistryCredentials.Basic("alice", "wonderland").toString()).doesNotContain("wonderland");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
