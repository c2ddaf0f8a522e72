package dev.pharos.engine.source.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialProvidersTest {
    @Test
    void cloudRegistriesAreRecognisedByHost() {
        assertThat(EcrCredentials.handles("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).isTrue();
        assertThat(EcrCredentials.handles("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com")).isTrue();
        assertThat(EcrCredentials.handles("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn")).isTrue();
        assertThat(EcrCredentials.handles("public.ecr.aws")).isFalse();
        assertThat(EcrCredentials.handles("12345.dkr.ecr.eu-west-1.amazonaws.com")).isFalse();
        assertThat(EcrCredentials.handles("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.io")).isFalse();

        assertThat(GoogleAccessTokenCredentials.handles("europe-west1-docker.pkg.dev")).isTrue();
        assertThat(GoogleAccessTokenCredentials.handles("gcr.io")).isTrue();
        assertThat(GoogleAccessTokenCredentials.handles("eu.gcr.io")).isTrue();
        assertThat(GoogleAccessTokenCredentials.handles("gcr.io.evil.io")).isFalse();
        assertThat(GoogleAccessTokenCredentials.handles("ghcr.io")).isFalse();
    }

    @Test
    void aDockerConfigEntryWinsAndOtherHostsAreAnonymous(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        // "dXNlcjpwYXNz" is base64 of "user:pass".
        Files.writeString(config, "{\"auths\":{\"eu.gcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}");
        CredentialProvider provider = CredentialProviders.standard(RegistryOptions.defaults()
                .withDockerConfig(config));

        assertThat(provider.credentials("eu.gcr.io")).isEqualTo(new RegistryCredentials.Basic("user", "pass"));
        assertThat(provider.credentials("quay.io")).isEqualTo(RegistryCredentials.ANONYMOUS);
    }

    @Test
    void backoffStaysWithinItsCapAndRetryAfterIsBounded() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));
        for (int retry = 1; retry <= 10; retry++) {
            assertThat(policy.backoff(retry)).isBetween(Duration.ZERO, Duration.ofMillis(300));
        }
        assertThat(policy.backoff(1)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(policy.honour(Duration.ofHours(1))).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.honour(Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(50));
    }
}
