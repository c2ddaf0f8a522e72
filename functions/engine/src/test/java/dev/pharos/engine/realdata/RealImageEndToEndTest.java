package dev.pharos.engine.realdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.analysis.ImageAnalyzer;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.analysis.LayerCache;
import dev.pharos.engine.analysis.PostgresLayerCache;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.Unknown;
import dev.pharos.engine.sbom.CycloneDxReader;
import dev.pharos.engine.sbom.CycloneDxWriter;
import dev.pharos.engine.source.registry.ImageReference;
import dev.pharos.engine.source.registry.Pusher;
import dev.pharos.engine.source.registry.RegistryCredentials;
import dev.pharos.engine.source.registry.RegistryOptions;
import dev.pharos.engine.source.registry.RegistrySource;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.RegistryTokenServer;
import dev.pharos.harness.demo.DemoImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end on real data: images assembled from real artifacts (see {@link DemoImage}), pushed to a real
 * CNCF distribution registry that demands token auth for push and pull (tokens from {@link RegistryTokenServer}),
 * pulled back through {@link RegistrySource} with credentials, analysed with the PostgreSQL layer cache, and
 * compared exactly, field by field, with what tools other than ours say is there ({@link Oracles}).
 * <p>
 * The {@code app} image: (1) Debian 12 base, (2) a Spring Boot fat jar, a stray jar and a web front end's
 * node_modules, (3) whiteouts deleting the stray jar and the front end's dev dependency. The {@code web} image shares layer 1, byte for byte.
 */
class RealImageEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE = "pharos-realdata";
    private static final RegistryCredentials.Basic CI = new RegistryCredentials.Basic("ci", "s3cret-push-and-pull");
    private static final OsRelease DEBIAN_12 = new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)",
            Optional.of("Debian:12"));
    private static final String SPRING_BEANS = DemoImage.FAT_JAR + "!/BOOT-INF/lib/spring-beans-5.3.17.jar";
    private static final String WEB_IMAGE_NPM = "srv/web";
    private static final DemoImage DEMO = new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot()));

    private static RegistryTokenServer tokens;
    private static DistributionRegistry registry;
    private static MigratedDatabase database;
    private static RecordingCache cache;
    private static Pushed app;
    private static Pushed web;

    /** An image in the registry, and what its layout says it is (not what the source under test says). */
    private record Pushed(String reference, String manifestDigest, List<String> layers) {
    }

    @BeforeAll
    static void pushImages(@TempDir Path dir) throws IOException {
        Peers.require(DistributionRegistry.available(), "docker-registry (CNCF distribution) is needed");
        Path layout = dir.resolve("layout");
        String appDigest = DEMO.writeTo(layout, "app");
        String webDigest = OciImageBuilder.image().tag("web").layer(DEMO.debianBase())
                .layer(DEMO.npmInstall(WEB_IMAGE_NPM)).writeTo(layout);

        // No anonymous access at all: every pull and push needs a token issued to CI's credentials.
        tokens = RegistryTokenServer.start(SERVICE, Map.of(CI.username(), CI.password()), repository -> false);
        registry = DistributionRegistry.start(tokens.registryAuth());
        app = push(layout, "app", "realdata/app", appDigest);
        web = push(layout, "web", "realdata/web", webDigest);
        assertThat(web.layers().get(0)).isEqualTo(app.layers().get(0));

        database = new MigratedDatabase();
        cache = new RecordingCache(new PostgresLayerCache(database.pool(), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        Peers.closeAll(registry, tokens, database);
    }

    @Test
    void theRegistryRefusesPushAndPullWithoutCredentials(@TempDir Path dir) {
        assertThatThrownBy(() -> analyse(app, RegistryCredentials.ANONYMOUS, LayerCache.none()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNAUTHENTICATED));
        OciImageBuilder.image().tag("x").layer(Map.of("etc/hostname", new byte[]{'x'})).writeTo(dir);
        assertThatThrownBy(() -> new Pusher(registry.hostPort(), Optional.empty())
                .pushLayout(dir, "x", "realdata/app", "anonymous"))
                .hasMessageContaining("answered 401");
    }

    @Test
    void pulledWithTokenAuthTheInventoryIsExactlyWhatTheOraclesList() throws IOException {
        Inventory inventory = analyse(app, CI, cache);

        assertThat(inventory.subject()).isEqualTo(app.reference());
        assertThat(inventory.manifestDigest()).contains(app.manifestDigest());
        assertThat(inventory.layers()).isEqualTo(app.layers());
        assertThat(inventory.os()).contains(DEBIAN_12);
        assertThat(expectedApp()).extracting(p -> p.pkg().type()).containsOnly(PackageType.DEB, PackageType.MAVEN,
                PackageType.NPM).hasSize(152 + 4 + 10);
        assertExactly(withoutSpringBeans(inventory.packages()), withoutSpringBeans(expectedApp()));
        assertThat(inventory.unknowns()).filteredOn(unknown -> !unknown.path().equals(SPRING_BEANS)).isEmpty();
        // The dev dependency and the stray jar are in layer 2 and gone: their whiteouts in layer 3 win.
        assertThat(DEMO.application()).containsKeys(DemoImage.DELETED_JAR,
                DemoImage.WEB + "/node_modules/" + DemoImage.DELETED_NPM_PACKAGE + "/package.json");
        assertThat(inventory.packages()).extracting(p -> p.pkg().name())
                .doesNotContain(DemoImage.DELETED_NPM_PACKAGE);
        assertThat(inventory.packages()).extracting(p -> p.pkg().path()).doesNotContain(DemoImage.DELETED_JAR);
    }

    /**
     * spring-beans 5.3.17 is a Gradle build: no pom.properties, only {@code Implementation-Title} and
     * {@code -Version} in its manifest. Expected as {@code org.springframework:spring-beans}, which needs the
     * groupId inference being added on another branch; until that is merged the current engine reports this jar
     * as an {@link Unknown} and THIS test fails (it alone: the other tests leave the jar out of their comparison).
     */
    @Test
    void springBeansWithoutPomPropertiesIsTheMavenPackageOrgSpringframeworkSpringBeans() throws IOException {
        Inventory inventory = analyse(app, CI, cache);

        assertThat(inventory.unknowns()).extracting(Unknown::path).doesNotContain(SPRING_BEANS);
        assertThat(inventory.packages()).filteredOn(p -> p.pkg().path().equals(SPRING_BEANS))
                .containsExactly(new ImagePackage(new FoundPackage(PackageType.MAVEN,
                        "org.springframework:spring-beans", "5.3.17", "pkg:maven/org.springframework/spring-beans@5.3.17",
                        Optional.empty(), SPRING_BEANS), Optional.of(app.layers().get(1))));
    }

    @Test
    void aSecondImageOnTheSameBaseWalksOnlyItsOwnLayer() throws IOException {
        analyse(app, CI, cache); // the base layer is in the cache now, whichever test ran first
        cache.drainStored();

        RecordingSource source = new RecordingSource(source(web, CI));
        Inventory inventory;
        try (source) {
            inventory = new ImageAnalyzer(Catalogers.discover(), cache, ScanLimits.defaults()).analyze(source);
        }

        String baseLayer = web.layers().get(0);
        String ownLayer = web.layers().get(1);
        assertThat(source.opened()).containsExactly(ownLayer);
        assertThat(cache.drainStored()).containsExactly(ownLayer);
        assertThat(inventory.os()).contains(DEBIAN_12);
        assertThat(inventory.unknowns()).isEmpty();
        List<ImagePackage> expected = new ArrayList<>(at(baseLayer, Oracles.dpkg("debian-12")));
        // No prune layer in this image: the dev dependency is there.
        expected.addAll(at(ownLayer, Oracles.npm(WEB_IMAGE_NPM)));
        assertExactly(inventory.packages(), expected);
    }

    @Test
    void anImageAnalysedFromTheCacheAloneEqualsAFreshWalk() throws IOException {
        analyse(app, CI, cache);
        cache.drainStored();

        RecordingSource source = new RecordingSource(source(app, CI));
        Inventory cached;
        try (source) {
            cached = new ImageAnalyzer(Catalogers.discover(), cache, ScanLimits.defaults()).analyze(source);
        }

        assertThat(source.opened()).isEmpty();
        assertThat(cache.drainStored()).isEmpty();
        Inventory fresh = analyse(app, CI, LayerCache.none());
        assertThat(new HashSet<>(cached.packages())).isEqualTo(new HashSet<>(fresh.packages()));
        assertThat(cached).usingRecursiveComparison().ignoringFields("packages").isEqualTo(fresh);
    }

    @Test
    void theInventoryReadsBackFromCycloneDxWithTheSamePackages() throws IOException {
        Inventory inventory = analyse(app, CI, cache);

        Inventory read = new CycloneDxReader(16 << 20).read(new CycloneDxWriter("test").write(inventory));

        assertThat(read.subject()).isEqualTo(inventory.subject());
        assertThat(read.manifestDigest()).isEqualTo(inventory.manifestDigest());
        assertThat(read.layers()).isEqualTo(inventory.layers());
        assertThat(read.os()).isEqualTo(inventory.os());
        assertThat(read.unknowns()).isEmpty();
        assertExactly(read.packages(), inventory.packages());
    }

    /** Every expected package once, each with its layer, and nothing else. */
    private static void assertExactly(List<ImagePackage> actual, List<ImagePackage> expected) {
        assertThat(expected).doesNotHaveDuplicates();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<ImagePackage> expectedApp() {
        String base = app.layers().get(0);
        String application = app.layers().get(1);
        List<ImagePackage> expected = new ArrayList<>(at(base, Oracles.dpkg("debian-12")));
        expected.addAll(at(application, Oracles.maven()));
        expected.addAll(at(application, Oracles.npm(DemoImage.WEB).stream()
                .filter(pkg -> !pkg.name().equals(DemoImage.DELETED_NPM_PACKAGE)).toList()));
        return expected;
    }

    private static List<ImagePackage> withoutSpringBeans(List<ImagePackage> packages) {
        return packages.stream().filter(p -> !p.pkg().path().equals(SPRING_BEANS)).toList();
    }

    private static List<ImagePackage> at(String layer, List<FoundPackage> packages) {
        return packages.stream().map(pkg -> new ImagePackage(pkg, Optional.of(layer))).toList();
    }

    private static Inventory analyse(Pushed image, RegistryCredentials credentials, LayerCache layerCache)
            throws IOException {
        try (RegistrySource source = source(image, credentials)) {
            return new ImageAnalyzer(Catalogers.discover(), layerCache, ScanLimits.defaults()).analyze(source);
        }
    }

    private static RegistrySource source(Pushed image, RegistryCredentials credentials) {
        return new RegistrySource(ImageReference.parse(image.reference()), RegistryOptions.defaults(),
                host -> credentials);
    }

    /** Pushes with a token for pull and push on the repository (distribution "Token Authentication Specification"). */
    private static Pushed push(Path layout, String tag, String repository, String manifestDigest) throws IOException {
        String scope = "repository:" + repository + ":pull,push";
        URI realm = URI.create(tokens.realm() + "?service=" + SERVICE + "&scope="
                + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        String token = JSON.readTree(get(realm)).path("token").asText();
        String pushed = new Pusher(registry.hostPort(), Optional.of("Bearer " + token))
                .pushLayout(layout, tag, repository, "1");
        assertThat(pushed).isEqualTo(manifestDigest);
        JsonNode manifest = JSON.readTree(Files.readAllBytes(layout.resolve("blobs/sha256")
                .resolve(manifestDigest.substring("sha256:".length()))));
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(layer.path("digest").asText()));
        return new Pushed(registry.hostPort() + "/" + repository + ":1", manifestDigest, layers);
    }

    private static String get(URI uri) throws IOException {
        String basic = Base64.getEncoder().encodeToString((CI.username() + ":" + CI.password())
                .getBytes(StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
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
