package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.Htpasswd;
import dev.pharos.harness.MotoServer;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.RegistryTokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authenticated pulls from real distribution registries: one with htpasswd Basic auth (plain credentials, a Docker
 * config.json, ECR tokens from moto, Google access tokens from a local OAuth token endpoint), one with token auth
 * backed by {@link RegistryTokenServer} (anonymous and with credentials).
 */
class RegistryAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** moto's GetAuthorizationToken password for a registry id is "<registry id>-auth-token" (moto/ecr/responses.py). */
    private static final String ECR_ACCOUNT = "123456789012";
    private static final String GOOGLE_TOKEN = "ya29.pharos-test-access-token";
    private static final Map<String, String> BASIC_USERS = Map.of("alice", "wonderland",
            "AWS", ECR_ACCOUNT + "-auth-token", "oauth2accesstoken", GOOGLE_TOKEN);

    private static DistributionRegistry basicRegistry;
    private static RegistryTokenServer tokenServer;
    private static DistributionRegistry tokenRegistry;
    private static String imageDigest;
    private static Path layout;

    @TempDir
    Path temp;

    @BeforeAll
    static void startRegistries(@TempDir Path dir) throws IOException {
        Peers.require(DistributionRegistry.available() && Htpasswd.available(),
                "docker-registry (CNCF distribution) and perl with bcrypt crypt(3) are needed");
        layout = dir.resolve("layout");
        imageDigest = OciImageBuilder.image().tag("1")
                .layer(Map.of("etc/os-release", "ID=pharos\n".getBytes(StandardCharsets.UTF_8))).writeTo(layout);

        basicRegistry = DistributionRegistry.start(new DistributionRegistry.Auth.Basic(BASIC_USERS));
        new Pusher(basicRegistry.hostPort(), Optional.of(new RegistryCredentials.Basic("alice", "wonderland")
                .header())).pushLayout(layout, "1", "team/app", "1");

        tokenServer = RegistryTokenServer.start("pharos-registry", Map.of("bob", "builder"),
                repository -> repository.startsWith("public/"));
        tokenRegistry = DistributionRegistry.start(tokenServer.registryAuth());
        for (String repository : List.of("public/app", "private/app")) {
            String token = JSON.readTree(get(URI.create(tokenServer.realm() + "?service=pharos-registry&scope=repository:"
                    + repository + ":pull,push"), new RegistryCredentials.Basic("bob", "builder"))).path("token")
                    .asText();
            new Pusher(tokenRegistry.hostPort(), Optional.of("Bearer " + token)).pushLayout(layout, "1", repository,
                    "1");
        }
    }

    @AfterAll
    static void stop() {
        Peers.closeAll(basicRegistry, tokenRegistry, tokenServer);
    }

    @Test
    void basicAuthWithCredentialsAndWithout() throws IOException {
        String reference = basicRegistry.hostPort() + "/team/app:1";
        ResolvedImage image = resolve(reference, RegistryOptions.defaults(),
                host -> new RegistryCredentials.Basic("alice", "wonderland"));
        assertThat(image.manifestDigest()).isEqualTo(imageDigest);

        assertUnauthenticated(() -> resolve(reference, RegistryOptions.defaults(), host -> RegistryCredentials.ANONYMOUS));
        assertUnauthenticated(() -> resolve(reference, RegistryOptions.defaults(),
                host -> new RegistryCredentials.Basic("alice", "wrong")));
    }

    @Test
    void credentialsFromADockerConfigJson() throws IOException {
        Path config = temp.resolve("config.json");
        Files.writeString(config, """
                {"auths": {
                  "https://index.docker.io/v1/": {"auth": "%s"},
                  "%s": {"auth": "%s"}
                }, "credsStore": "desktop"}""".formatted(base64("hub:user"), basicRegistry.hostPort(),
                base64("alice:wonderland")));

        ResolvedImage image = RegistrySourceTest.resolve(basicRegistry.hostPort() + "/team/app:1",
                RegistryOptions.defaults().withDockerConfig(config));

        assertThat(image.manifestDigest()).isEqualTo(imageDigest);
    }

    @Test
    void ecrHostsUseAnAuthorizationTokenFromTheEcrApi() throws IOException {
        Peers.require(MotoServer.available(), "moto_server (AWS emulator) is needed");
        String host = ECR_ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com";
        TestHostResolver.map(host, "127.0.0.1"); // the real name, served by the local registry
        String port = basicRegistry.hostPort().substring(basicRegistry.hostPort().indexOf(':') + 1);
        try (MotoServer moto = MotoServer.start()) {
            RegistryOptions options = RegistryOptions.defaults().withEcrEndpoint(moto.endpoint());
            CredentialProvider credentials = CredentialProviders.standard(options,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
            try (RegistrySource source = new RegistrySource(ImageReference.parse(host + ":" + port + "/team/app:1"),
                    options, credentials)) {
                assertThat(source.resolve().manifestDigest()).isEqualTo(imageDigest);
            }
            assertThat(credentials.credentials(host + ":" + port))
                    .isEqualTo(new RegistryCredentials.Basic("AWS", ECR_ACCOUNT + "-auth-token"));
        }
    }

    @Test
    void googleHostsUseAnAccessTokenFromGoogleCredentials() throws Exception {
        List<String> grants = new CopyOnWriteArrayList<>();
        HttpServer oauth = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        oauth.createContext("/token", exchange -> {
            try (exchange) {
                grants.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                FakeRegistry.send(exchange, 200, Map.of("Content-Type", "application/json"),
                        ("{\"access_token\":\"" + GOOGLE_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")
                                .getBytes(StandardCharsets.UTF_8));
            }
        });
        oauth.start();
        try {
            var keys = KeyPairGenerator.getInstance("RSA");
            keys.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(keys.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            var account = JSON.createObjectNode()
                    .put("type", "service_account").put("project_id", "pharos-test").put("private_key_id", "k1")
                    .put("private_key", pem).put("client_email", "scanner@pharos-test.iam.gserviceaccount.com")
                    .put("client_id", "1").put("token_uri", "http://127.0.0.1:" + oauth.getAddress().getPort()
                            + "/token");
            Path file = temp.resolve("service-account.json");
            JSON.writeValue(file.toFile(), account);
            String host = "europe-docker.pkg.dev";
            TestHostResolver.map(host, "127.0.0.1");
            String port = basicRegistry.hostPort().substring(basicRegistry.hostPort().indexOf(':') + 1);

            ResolvedImage image = RegistrySourceTest.resolve(host + ":" + port + "/team/app:1",
                    RegistryOptions.defaults().withGoogleCredentials(file));

            assertThat(image.manifestDigest()).isEqualTo(imageDigest);
            // The real service-account flow: a signed JWT assertion exchanged at token_uri (RFC 7523).
            assertThat(grants).hasSize(1);
            assertThat(grants.get(0)).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
                    .contains("assertion=");
        } finally {
            oauth.stop(0);
        }
    }

    @Test
    void tokenAuthAnonymousPullsWhatAnonymousMayAndNothingElse() throws IOException {
        ResolvedImage image = resolve(tokenRegistry.hostPort() + "/public/app:1", RegistryOptions.defaults(),
                host -> RegistryCredentials.ANONYMOUS);
        assertThat(image.manifestDigest()).isEqualTo(imageDigest);
        assertThat(tokenServer.requests()).contains("anonymous service=pharos-registry&scope=repository%3Apublic%2Fapp%3Apull");

        assertUnauthenticated(() -> resolve(tokenRegistry.hostPort() + "/private/app:1", RegistryOptions.defaults(),
                host -> RegistryCredentials.ANONYMOUS));
    }

    @Test
    void tokenAuthWithCredentialsFetchesOneTokenPerScope() throws IOException {
        String scope = "scope=repository%3Aprivate%2Fapp%3Apull";
        long before = tokenServer.requests().stream().filter(r -> r.startsWith("bob ") && r.endsWith(scope)).count();
        try (RegistrySource source = new RegistrySource(ImageReference.parse(tokenRegistry.hostPort()
                + "/private/app:1"), RegistryOptions.defaults(), host -> new RegistryCredentials.Basic("bob", "builder"))) {
            ResolvedImage image = source.resolve();
            try (InputStream layer = source.openBlob(image.layers().get(0))) {
                assertThat(Pusher.sha256(layer.readAllBytes())).isEqualTo(image.layers().get(0).digest());
            }
            assertThat(image.manifestDigest()).isEqualTo(imageDigest);
        }
        // Manifest, config and layer: three authorised requests, one token.
        assertThat(tokenServer.requests().stream().filter(r -> r.startsWith("bob ") && r.endsWith(scope)).count())
                .isEqualTo(before + 1);

        assertThatThrownBy(() -> resolve(tokenRegistry.hostPort() + "/private/app:1", RegistryOptions.defaults(),
                host -> new RegistryCredentials.Basic("bob", "wrong")))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNAUTHENTICATED))
                .hasMessageContaining("token for repository:private/app:pull");
    }

    private static void assertUnauthenticated(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                .isEqualTo(PharosException.Kind.UNAUTHENTICATED)).hasMessageContaining("401");
    }

    private static ResolvedImage resolve(String reference, RegistryOptions options, CredentialProvider credentials)
            throws IOException {
        try (RegistrySource source = new RegistrySource(ImageReference.parse(reference), options, credentials)) {
            return source.resolve();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String get(URI uri, RegistryCredentials.Basic credentials) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", credentials.header()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
