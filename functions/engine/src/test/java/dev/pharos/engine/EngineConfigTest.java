package dev.pharos.engine;

import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.registry.RegistryOptions;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EngineConfigTest {
    /** As a Quarkus application reads it: Quarkus's own converter gives durations like {@code 30s}. */
    private static EngineConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(EngineConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build().getConfigMapping(EngineConfig.class);
    }

    @Test
    void unsetPropertiesGiveTheEnginesOwnDefaults() {
        EngineConfig config = config(Map.of());
        assertThat(config.scanLimits()).isEqualTo(ScanLimits.defaults());
        assertThat(config.registryOptions()).isEqualTo(RegistryOptions.defaults());
    }

    @Test
    void propertiesReachTheRecords() {
        EngineConfig config = config(Map.of(
                "pharos.engine.platform", "linux/arm64/v8",
                "pharos.engine.allowed-hosts", "registry.example,*.dkr.ecr.eu-west-1.amazonaws.com",
                "pharos.engine.loopback", "DENY",
                "pharos.engine.limits.max-layers", "64",
                "pharos.engine.limits.max-wall-time", "2m"));

        RegistryOptions options = config.registryOptions();
        assertThat(options.platform()).isEqualTo(Platform.parse("linux/arm64/v8"));
        assertThat(options.allowedHosts()).containsExactly("registry.example", "*.dkr.ecr.eu-west-1.amazonaws.com");
        assertThat(options.insecureHosts()).isEqualTo(Set.of());
        assertThat(options.loopbackPolicy()).isEqualTo(RegistryOptions.LoopbackPolicy.DENY);
        assertThat(options.limits().maxLayers()).isEqualTo(64);
        assertThat(options.limits().maxWallTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.scanLimits()).isEqualTo(options.limits());
        assertThat(List.of(config.scanLimits().maxFiles())).containsExactly(ScanLimits.defaults().maxFiles());
    }
}
