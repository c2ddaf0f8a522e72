package dev.pharos.engine.source.registry;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link RegistrySource} pulls.
 *
 * @param platform          chosen from an index / manifest list
 * @param allowedHosts      when non-empty, the only registry hosts contacted: exact names or {@code *.suffix}
 *                          (redirect targets such as blob storage must be listed too)
 * @param insecureHosts     hosts (host or host:port) reached over plain HTTP; everything else is HTTPS
 * @param loopbackPolicy    whether loopback registries may be contacted and over HTTP (see {@link LoopbackPolicy})
 * @param dockerConfig      a Docker {@code config.json} for credentials; empty: none
 * @param ecrEndpoint       endpoint override for the ECR API (tests, VPC endpoints); empty: the SDK's default
 * @param googleCredentials a Google service-account or authorized-user JSON; empty: application default credentials
 * @param retry             retries of 429, 5xx and connection errors
 * @param requestTimeout    one HTTP request, until response headers
 * @param limits            manifest/config size and layer count bounds
 */
public record RegistryOptions(Platform platform, List<String> allowedHosts, Set<String> insecureHosts,
                              LoopbackPolicy loopbackPolicy, Optional<Path> dockerConfig, Optional<URI> ecrEndpoint,
                              Optional<Path> googleCredentials, RetryPolicy retry, Duration requestTimeout,
                              ScanLimits limits) {

    /**
     * Loopback registries: {@link #ALLOW_PLAIN_HTTP} (default: tests and local development talk to
     * {@code 127.0.0.1:5000} without TLS), {@link #ALLOW} (only over HTTPS unless listed insecure) and {@link #DENY}
     * (production, where a user-supplied reference must never reach a sidecar on localhost).
     */
    public enum LoopbackPolicy { ALLOW_PLAIN_HTTP, ALLOW, DENY }

    public RegistryOptions {
        allowedHosts = List.copyOf(allowedHosts);
        insecureHosts = Set.copyOf(insecureHosts);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(Platform.LINUX_AMD64, List.of(), Set.of(), LoopbackPolicy.ALLOW_PLAIN_HTTP,
                Optional.empty(), Optional.empty(), Optional.empty(), RetryPolicy.defaults(), Duration.ofSeconds(30),
                ScanLimits.defaults());
    }

    public RegistryOptions withPlatform(Platform value) {
        return new RegistryOptions(value, allowedHosts, insecureHosts, loopbackPolicy, dockerConfig, ecrEndpoint,
                googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withAllowedHosts(List<String> value) {
        return new RegistryOptions(platform, value, insecureHosts, loopbackPolicy, dockerConfig, ecrEndpoint,
                googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withInsecureHosts(Set<String> value) {
        return new RegistryOptions(platform, allowedHosts, value, loopbackPolicy, dockerConfig, ecrEndpoint,
                googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withLoopbackPolicy(LoopbackPolicy value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, value, dockerConfig, ecrEndpoint,
                googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withDockerConfig(Path value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, loopbackPolicy, Optional.of(value),
                ecrEndpoint, googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withEcrEndpoint(URI value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, loopbackPolicy, dockerConfig,
                Optional.of(value), googleCredentials, retry, requestTimeout, limits);
    }

    public RegistryOptions withGoogleCredentials(Path value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, loopbackPolicy, dockerConfig, ecrEndpoint,
                Optional.of(value), retry, requestTimeout, limits);
    }

    public RegistryOptions withRetry(RetryPolicy value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, loopbackPolicy, dockerConfig, ecrEndpoint,
                googleCredentials, value, requestTimeout, limits);
    }

    public RegistryOptions withLimits(ScanLimits value) {
        return new RegistryOptions(platform, allowedHosts, insecureHosts, loopbackPolicy, dockerConfig, ecrEndpoint,
                googleCredentials, retry, requestTimeout, value);
    }
}
