package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.ManifestDocument;
import dev.pharos.engine.source.ResolvedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a real registry will not do on request, scripted with {@link FakeRegistry}: tampered bytes, endless bodies,
 * rate limits, redirects to storage hosts and to metadata addresses.
 */
class HostileRegistryTest {
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAYER = "not really a tar, but bytes with a digest".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MANIFEST = RegistrySourceTest.manifest(Pusher.sha256(CONFIG), CONFIG.length,
            Pusher.sha256(LAYER), LAYER.length).getBytes(StandardCharsets.UTF_8);
    private static final String MANIFEST_PATH = "/v2/team/app/manifests/1.0";
    private static final String CONFIG_PATH = "/v2/team/app/blobs/" + Pusher.sha256(CONFIG);
    private static final String LAYER_PATH = "/v2/team/app/blobs/" + Pusher.sha256(LAYER);
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(20));

    private final FakeRegistry registry = new FakeRegistry();
    private final FakeRegistry storage = new FakeRegistry();

    @AfterEach
    void stop() {
        registry.close();
        storage.close();
    }

    private String reference() {
        return registry.hostPort() + "/team/app:1.0";
    }

    private void serveImage() {
        registry.serve(MANIFEST_PATH, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST,
                        "Docker-Content-Digest", Pusher.sha256(MANIFEST)), MANIFEST)
                .serve(CONFIG_PATH, Map.of(), CONFIG)
                .serve(LAYER_PATH, Map.of(), LAYER);
    }

    @Test
    void aManifestThatDoesNotHashToTheClaimedDigestIsRejected() {
        byte[] tampered = new String(MANIFEST, StandardCharsets.UTF_8).replace("\"schemaVersion\":2",
                "\"schemaVersion\":2 ").getBytes(StandardCharsets.UTF_8);
        registry.serve(MANIFEST_PATH, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST,
                "Docker-Content-Digest", Pusher.sha256(MANIFEST)), tampered);

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.DIGEST_MISMATCH))
                .hasMessageContaining("Docker-Content-Digest " + Pusher.sha256(MANIFEST));
    }

    @Test
    void aByDigestReferenceMustHashToThatDigestEvenWithoutAHeader() {
        String pinned = Pusher.sha256("something else".getBytes(StandardCharsets.UTF_8));
        registry.serve("/v2/team/app/manifests/" + pinned, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST),
                MANIFEST);

        assertThatThrownBy(() -> resolve(registry.hostPort() + "/team/app@" + pinned, RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.DIGEST_MISMATCH))
                .hasMessageContaining("not to the requested " + pinned);
    }

    @Test
    void tamperedConfigAndLayerBlobsAreRejected() throws IOException {
        serveImage();
        byte[] otherLayer = LAYER.clone();
        otherLayer[0] ^= 1;
        registry.serve(LAYER_PATH, Map.of(), otherLayer);
        try (RegistrySource source = RegistrySource.open(reference(), RegistryOptions.defaults())) {
            ResolvedImage image = source.resolve();
            assertThat(image.configJson()).isEqualTo(CONFIG);
            try (InputStream layer = source.openBlob(image.layers().get(0))) {
                assertThatThrownBy(layer::readAllBytes).isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.DIGEST_MISMATCH));
            }
        }

        registry.serve(CONFIG_PATH, Map.of(), "{\"architecture\":\"arm64\",\"os\":\"linux\",\"rootfs\":{}}   "
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.DIGEST_MISMATCH))
                .hasMessageContaining(Pusher.sha256(CONFIG));
    }

    @Test
    void anEndlessManifestIsCutOffAtTheLimitWhileReading() {
        long endless = 256L << 20;
        AtomicLong written = new AtomicLong();
        registry.on(MANIFEST_PATH, (exchange, call) -> {
            exchange.getResponseHeaders().set("Content-Type", ManifestDocument.OCI_MANIFEST);
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) ' ');
            while (written.get() < endless) {
                exchange.getResponseBody().write(chunk);
                written.addAndGet(chunk.length);
            }
        });
        ScanLimits defaults = ScanLimits.defaults();
        ScanLimits oneMiB = new ScanLimits(1 << 20, defaults.maxConfigBytes(), defaults.maxLayers(),
                defaults.maxUncompressedBytes(), defaults.maxFiles(), defaults.maxFileBytes(),
                defaults.maxArchiveDepth(), defaults.maxWallTime());

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults().withLimits(oneMiB)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("maxManifestBytes (1048576 bytes)");
        // We stopped reading long before the server could finish: the bound held while reading, not after.
        assertThat(written.get()).isLessThan(endless);
    }

    @Test
    void aDeclaredOversizedManifestIsRefusedBeforeReading() {
        byte[] big = new byte[4096];
        java.util.Arrays.fill(big, (byte) ' ');
        registry.serve(MANIFEST_PATH, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST), big);
        ScanLimits defaults = ScanLimits.defaults();
        ScanLimits small = new ScanLimits(1000, defaults.maxConfigBytes(), defaults.maxLayers(),
                defaults.maxUncompressedBytes(), defaults.maxFiles(), defaults.maxFileBytes(),
                defaults.maxArchiveDepth(), defaults.maxWallTime());

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults().withLimits(small)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("4096 bytes declared");
    }

    @Test
    void rateLimitedThenServedHonoursRetryAfter() throws IOException {
        serveImage();
        AtomicLong limitedAt = new AtomicLong();
        registry.on(MANIFEST_PATH, (exchange, call) -> {
            // Like a real rate limiter, the server itself refuses a retry that comes before the second it asked for;
            // with two attempts and a 1 ms backoff, a client ignoring Retry-After ends UNAVAILABLE.
            long now = System.nanoTime();
            if (call == 1 || now - limitedAt.get() < 1_000_000_000L) {
                limitedAt.compareAndSet(0, now);
                FakeRegistry.send(exchange, 429, Map.of("Retry-After", "1"),
                        "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}".getBytes());
            } else {
                FakeRegistry.send(exchange, 200, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST), MANIFEST);
            }
        });

        ResolvedImage image = resolve(reference(), RegistryOptions.defaults().withRetry(
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofSeconds(5))));

        assertThat(image.manifestDigest()).isEqualTo(Pusher.sha256(MANIFEST));
        assertThat(registry.count(MANIFEST_PATH)).isEqualTo(2);
    }

    @Test
    void persistentServerErrorsEndAsUnavailableAfterTheBoundedAttempts() {
        registry.on(MANIFEST_PATH, (exchange, call) -> FakeRegistry.send(exchange, 503, Map.of(),
                "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}]}".getBytes()));

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults().withRetry(FAST)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNAVAILABLE))
                .hasMessageContaining("after 3 attempts").hasMessageContaining("maintenance");
        assertThat(registry.count(MANIFEST_PATH)).isEqualTo(3);
    }

    @Test
    void connectionFailuresAreRetriedThenUnavailable() {
        int closed = dev.pharos.harness.Peers.freeLoopbackPort(); // nothing listens there

        assertThatThrownBy(() -> resolve("127.0.0.1:" + closed + "/team/app:1", RegistryOptions.defaults()
                .withRetry(FAST)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNAVAILABLE))
                .hasMessageContaining("after 3 attempts").hasMessageContaining("connection failed");
    }

    @Test
    void refusedCredentialsAreUnauthenticatedWithTheRegistrysMessage() {
        registry.on(MANIFEST_PATH, (exchange, call) -> FakeRegistry.send(exchange, 401, Map.of(),
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"project team not visible\"}]}".getBytes()));

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNAUTHENTICATED))
                .hasMessageContaining("UNAUTHORIZED: project team not visible");
    }

    /**
     * The registry requires Basic credentials and answers the layer with a redirect to another origin (blob storage:
     * "localhost" is another origin than "127.0.0.1" for the same machine).
     */
    private RegistryCredentials.Basic basicAuthRegistryWithLayerInStorage() {
        serveImage();
        RegistryCredentials.Basic basic = new RegistryCredentials.Basic("alice", "wonderland");
        for (String path : List.of(MANIFEST_PATH, CONFIG_PATH, LAYER_PATH)) {
            FakeRegistry.Handler served = (exchange, call) -> FakeRegistry.send(exchange, 200,
                    Map.of("Content-Type", ManifestDocument.OCI_MANIFEST), path.equals(MANIFEST_PATH) ? MANIFEST
                            : path.equals(CONFIG_PATH) ? CONFIG : new byte[0]);
            registry.on(path, (exchange, call) -> {
                if (!basic.header().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    FakeRegistry.send(exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"fake\""), new byte[0]);
                } else if (path.equals(LAYER_PATH)) {
                    FakeRegistry.send(exchange, 307, Map.of("Location", "http://localhost:" + storage.port()
                            + "/bucket/layer?signature=abc"), new byte[0]);
                } else {
                    served.handle(exchange, call);
                }
            });
        }
        return basic;
    }

    @Test
    void aBlobRedirectToAnotherHostCarriesNoAuthorization() throws IOException {
        RegistryCredentials.Basic basic = basicAuthRegistryWithLayerInStorage();
        storage.serve("/bucket/layer", Map.of(), LAYER);

        try (RegistrySource source = new RegistrySource(ImageReference.parse(reference()), RegistryOptions.defaults(),
                host -> basic)) {
            ResolvedImage image = source.resolve();
            try (InputStream layer = source.openBlob(image.layers().get(0))) {
                assertThat(layer.readAllBytes()).isEqualTo(LAYER);
            }
        }
        assertThat(storage.requests()).hasSize(1)
                .allSatisfy(request -> assertThat(request.authorization()).isEmpty());
        assertThat(registry.requests()).filteredOn(r -> r.path().equals(LAYER_PATH))
                .allSatisfy(request -> assertThat(request.authorization()).contains(basic.header()));
    }

    @Test
    void aBearerChallengeIsAnsweredFromTheRealmAndTheTokenReusedForItsScope() throws IOException {
        serveImage();
        for (String path : List.of(MANIFEST_PATH, CONFIG_PATH)) {
            byte[] body = path.equals(MANIFEST_PATH) ? MANIFEST : CONFIG;
            registry.on(path, (exchange, call) -> {
                if ("Bearer opaque-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    FakeRegistry.send(exchange, 200, Map.of("Content-Type", ManifestDocument.OCI_MANIFEST), body);
                } else {
                    FakeRegistry.send(exchange, 401, Map.of("WWW-Authenticate", "Bearer realm=\"http://"
                            + registry.hostPort() + "/auth\",service=\"fake\",scope=\"repository:team/app:pull\""),
                            new byte[0]);
                }
            });
        }
        // Only access_token (the OAuth 2 name), no token field: token.md accepts either.
        registry.serve("/auth", Map.of("Content-Type", "application/json"),
                "{\"access_token\":\"opaque-123\",\"expires_in\":300}".getBytes());

        ResolvedImage image = resolve(reference(), RegistryOptions.defaults());

        assertThat(image.configJson()).isEqualTo(CONFIG);
        assertThat(registry.count("/auth")).isEqualTo(1);
    }

    @Test
    void metadataAndLinkLocalTargetsAreNeverContacted() {
        TestHostResolver.map("imds.pharos.test", "169.254.169.254");
        TestHostResolver.map("alibaba.pharos.test", "100.100.100.200");
        for (String reference : List.of("metadata.google.internal/team/app:1", "imds.pharos.test/team/app:1",
                "alibaba.pharos.test:5000/team/app:1", "169.254.10.10:5000/team/app:1", "[fe80::1]:5000/team/app:1",
                "[fd00:ec2::254]/team/app:1",
                // IPv6 forms that carry the metadata address where a network translates them
                "[64:ff9b::a9fe:a9fe]:5000/team/app:1", "[::169.254.169.254]:5000/team/app:1",
                "[2002:a9fe:a9fe::1]:5000/team/app:1")) {
            assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults()))
                    .as(reference)
                    .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                            .isEqualTo(PharosException.Kind.FORBIDDEN_TARGET));
        }
    }

    @Test
    void aRedirectToTheMetadataAddressIsRefusedBeforeConnecting() {
        serveImage();
        registry.on(CONFIG_PATH, (exchange, call) -> FakeRegistry.send(exchange, 302,
                Map.of("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
                new byte[0]));

        assertThatThrownBy(() -> resolve(reference(), RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.FORBIDDEN_TARGET))
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void allowListLoopbackSwitchAndPlainHttpAreEnforced() {
        serveImage();
        assertForbidden(reference(), RegistryOptions.defaults().withAllowedHosts(List.of("*.example.com")),
                "allow-list");
        assertForbidden(reference(), RegistryOptions.defaults()
                .withLoopbackPolicy(RegistryOptions.LoopbackPolicy.DENY), "loopback");

        // Registry explicitly insecure, loopback not plain-HTTP by default: a redirect to plain HTTP elsewhere fails.
        registry.on(CONFIG_PATH, (exchange, call) -> FakeRegistry.send(exchange, 307,
                Map.of("Location", "http://localhost:" + storage.port() + "/config"), new byte[0]));
        assertForbidden(reference(), RegistryOptions.defaults()
                .withLoopbackPolicy(RegistryOptions.LoopbackPolicy.ALLOW)
                .withInsecureHosts(Set.of(registry.hostPort())), "plain HTTP");
        assertThat(storage.requests()).isEmpty();
    }

    private static void assertForbidden(String reference, RegistryOptions options, String why) {
        assertThatThrownBy(() -> resolve(reference, options))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.FORBIDDEN_TARGET))
                .hasMessageContaining(why);
    }

    private static ResolvedImage resolve(String reference, RegistryOptions options) throws IOException {
        return RegistrySourceTest.resolve(reference, options);
    }

    @Test
    void aChallengeFromBlobStorageNeverGetsTheRegistryCredentials() throws IOException {
        RegistryCredentials.Basic basic = basicAuthRegistryWithLayerInStorage();
        storage.on("/bucket/layer", (exchange, call) -> FakeRegistry.send(exchange, 401, Map.of("WWW-Authenticate",
                "Bearer realm=\"http://localhost:" + storage.port() + "/token\""), new byte[0]));
        storage.serve("/token", Map.of(), "{\"token\":\"t\"}".getBytes(StandardCharsets.UTF_8));

        try (RegistrySource source = new RegistrySource(ImageReference.parse(reference()), RegistryOptions.defaults(),
                host -> basic)) {
            ResolvedImage image = source.resolve();
            assertThatThrownBy(() -> source.openBlob(image.layers().get(0)).readAllBytes())
                    .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                            .isEqualTo(PharosException.Kind.UNAUTHENTICATED));
        }
        assertThat(storage.requests()).filteredOn(r -> r.path().equals("/token")).isEmpty();
        assertThat(storage.requests()).allSatisfy(request -> assertThat(request.authorization()).isEmpty());
    }
}
