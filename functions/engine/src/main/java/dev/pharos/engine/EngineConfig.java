package dev.pharos.engine;

import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.registry.RegistryOptions;
import dev.pharos.engine.source.registry.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine as a Quarkus application configures it ({@code pharos.engine.*}), turned into the records the engine
 * takes: {@link #scanLimits()} and {@link #registryOptions()}. Unset properties give exactly
 * {@link ScanLimits#defaults()} and {@link RegistryOptions#defaults()} (a test holds the two in step).
 */
@ConfigMapping(prefix = "pharos.engine")
public interface EngineConfig {
    /** {@code os/arch[/variant]} chosen from image indexes. */
    @WithDefault("linux/amd64")
    String platform();

    /** When set, the only registry hosts contacted: exact names or {@code *.suffix}. */
    Optional<List<String>> allowedHosts();

    /** Hosts (host or host:port) reached over plain HTTP. */
    Optional<Set<String>> insecureHosts();

    /** Set {@code DENY} in production: a user-supplied reference must never reach a sidecar on localhost. */
    @WithDefault("ALLOW_PLAIN_HTTP")
    RegistryOptions.LoopbackPolicy loopback();

    Optional<Path> dockerConfig();

    Optional<URI> ecrEndpoint();

    Optional<Path> googleCredentials();

    @WithDefault("30s")
    Duration requestTimeout();

    Limits limits();

    /** The bounds of {@link ScanLimits}, one property each ({@code pharos.engine.limits.max-layers}, ...). */
    interface Limits {
        @WithDefault("4194304")
        long maxManifestBytes();

        @WithDefault("8388608")
        long maxConfigBytes();

        @WithDefault("256")
        int maxLayers();

        @WithDefault("17179869184")
        long maxUncompressedBytes();

        @WithDefault("2000000")
        long maxFiles();

        @WithDefault("536870912")
        long maxFileBytes();

        @WithDefault("4")
        int maxArchiveDepth();

        @WithDefault("10m")
        Duration maxWallTime();
    }

    default ScanLimits scanLimits() {
        Limits limits = limits();
        return new ScanLimits(limits.maxManifestBytes(), limits.maxConfigBytes(), limits.maxLayers(),
                limits.maxUncompressedBytes(), limits.maxFiles(), limits.maxFileBytes(), limits.maxArchiveDepth(),
                limits.maxWallTime());
    }

    default RegistryOptions registryOptions() {
        return new RegistryOptions(Platform.parse(platform()), allowedHosts().orElse(List.of()),
                insecureHosts().orElse(Set.of()), loopback(), dockerConfig(), ecrEndpoint(), googleCredentials(),
                RetryPolicy.defaults(), requestTimeout(), scanLimits());
    }
}
