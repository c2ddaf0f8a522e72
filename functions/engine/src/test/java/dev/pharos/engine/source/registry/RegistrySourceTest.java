package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.ManifestDocument;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.Skopeo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pulls from a real CNCF distribution registry (anonymous), images pushed by skopeo or the push API. */
class RegistrySourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DistributionRegistry registry;

    @TempDir
    Path layout;

    @BeforeAll
    static void startRegistry() {
        Peers.require(DistributionRegistry.available() && Skopeo.available(),
                "docker-registry (CNCF distribution) and skopeo are needed");
        registry = DistributionRegistry.start(new DistributionRegistry.Auth.None());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullsByTagAndByDigestWithVerifiedBlobs() throws IOException {
        String digest = OciImageBuilder.image().tag("1.0")
                .layer(Map.of("etc/os-release", "ID=pharos\n".getBytes(StandardCharsets.UTF_8)))
                .layer(Map.of("app/hello.txt", "hello".getBytes(StandardCharsets.UTF_8)))
                .writeTo(layout);
        Skopeo.copy(layout, "1.0", registry.hostPort() + "/team/app:1.0");

        ResolvedImage byTag = resolve(registry.hostPort() + "/team/app:1.0", RegistryOptions.defaults());
        assertThat(byTag.manifestDigest()).isEqualTo(digest);
        assertThat(byTag.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(byTag.layers()).hasSize(2);
        assertThat(Pusher.sha256(byTag.configJson())).isEqualTo(byTag.config().digest());
        try (RegistrySource source = RegistrySource.open(registry.hostPort() + "/team/app:1.0",
                RegistryOptions.defaults()); InputStream layer = source.openBlob(byTag.layers().get(1))) {
            byte[] bytes = layer.readAllBytes();
            assertThat(Pusher.sha256(bytes)).isEqualTo(byTag.layers().get(1).digest());
            assertThat(bytes).isEqualTo(Pusher.blob(layout, byTag.layers().get(1).digest()));
        }

        ResolvedImage byDigest = resolve(registry.hostPort() + "/team/app@" + digest, RegistryOptions.defaults());
        assertThat(byDigest.manifestDigest()).isEqualTo(digest);
        assertThat(byDigest.layers()).isEqualTo(byTag.layers());
        assertThat(byDigest.reference()).endsWith("/team/app@" + digest);
    }

    @Test
    void selectsThePlatformFromAnIndexAndNamesTheAvailableOnesWhenAbsent() throws IOException {
        Pusher pusher = new Pusher(registry.hostPort(), Optional.empty());
        String amd64 = OciImageBuilder.image().tag("amd64")
                .layer(Map.of("etc/arch", "amd64".getBytes(StandardCharsets.UTF_8))).writeTo(layout);
        pusher.pushLayout(layout, "amd64", "team/multi", "amd64");
        // The arm64 image: its own config and layer, manifest assembled here.
        byte[] layer = Pusher.blob(layout, JSON.readTree(Pusher.blob(layout, amd64)).path("layers").get(0)
                .path("digest").asText());
        ObjectNode config = JSON.createObjectNode().put("architecture", "arm64").put("os", "linux")
                .put("variant", "v8");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        byte[] configBytes = JSON.writeValueAsBytes(config);
        String armManifest = manifest(pusher.pushBlob("team/multi", configBytes), configBytes.length,
                pusher.pushBlob("team/multi", layer), layer.length);
        String armDigest = pusher.pushManifest("team/multi", "arm64", ManifestDocument.OCI_MANIFEST,
                armManifest.getBytes(StandardCharsets.UTF_8));
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"amd64"}},
                 {"mediaType":"%s","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}
                """.formatted(ManifestDocument.OCI_INDEX, ManifestDocument.OCI_MANIFEST, amd64,
                Pusher.blob(layout, amd64).length, ManifestDocument.OCI_MANIFEST, armDigest,
                armManifest.getBytes(StandardCharsets.UTF_8).length);
        pusher.pushManifest("team/multi", "2.0", ManifestDocument.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
        String reference = registry.hostPort() + "/team/multi:2.0";

        ResolvedImage defaulted = resolve(reference, RegistryOptions.defaults());
        assertThat(defaulted.manifestDigest()).isEqualTo(amd64);
        assertThat(defaulted.platform()).isEqualTo(Platform.LINUX_AMD64);

        ResolvedImage arm = resolve(reference, RegistryOptions.defaults().withPlatform(Platform.parse("linux/arm64")));
        assertThat(arm.manifestDigest()).isEqualTo(armDigest);
        assertThat(arm.platform()).isEqualTo(Platform.parse("linux/arm64/v8"));
        assertThat(arm.configJson()).isEqualTo(configBytes);

        assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults()
                .withPlatform(Platform.parse("linux/s390x"))))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.UNSUPPORTED))
                .hasMessageContaining("linux/s390x").hasMessageContaining("linux/amd64")
                .hasMessageContaining("linux/arm64/v8");
    }

    @Test
    void aMissingTagIsNotFoundNamingTheReference() {
        String reference = registry.hostPort() + "/team/nothing:9.9";
        assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults()))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.NOT_FOUND))
                .hasMessageContaining(reference);
    }

    @Test
    void layerCountAndConfigSizeAreBounded() {
        OciImageBuilder.image().tag("layers")
                .layer(Map.of("a", new byte[]{1})).layer(Map.of("b", new byte[]{2})).layer(Map.of("c", new byte[]{3}))
                .writeTo(layout);
        Skopeo.copy(layout, "layers", registry.hostPort() + "/team/layers:1");
        String reference = registry.hostPort() + "/team/layers:1";
        ScanLimits defaults = ScanLimits.defaults();

        ScanLimits twoLayers = new ScanLimits(defaults.maxManifestBytes(), defaults.maxConfigBytes(), 2,
                defaults.maxUncompressedBytes(), defaults.maxFiles(), defaults.maxFileBytes(),
                defaults.maxArchiveDepth(), defaults.maxWallTime());
        assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults().withLimits(twoLayers)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("3 layers").hasMessageContaining("maxLayers (2)");

        ScanLimits tinyConfig = new ScanLimits(defaults.maxManifestBytes(), 10, defaults.maxLayers(),
                defaults.maxUncompressedBytes(), defaults.maxFiles(), defaults.maxFileBytes(),
                defaults.maxArchiveDepth(), defaults.maxWallTime());
        assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults().withLimits(tinyConfig)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("maxConfigBytes (10)");

        ScanLimits tinyManifest = new ScanLimits(100, defaults.maxConfigBytes(), defaults.maxLayers(),
                defaults.maxUncompressedBytes(), defaults.maxFiles(), defaults.maxFileBytes(),
                defaults.maxArchiveDepth(), defaults.maxWallTime());
        assertThatThrownBy(() -> resolve(reference, RegistryOptions.defaults().withLimits(tinyManifest)))
                .isInstanceOfSatisfying(PharosException.class, e -> assertThat(e.kind())
                        .isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining("maxManifestBytes (100 bytes)");
    }

    static String manifest(String configDigest, long configSize, String layerDigest, long layerSize) {
        return """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},
                 "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}""".formatted(ManifestDocument.OCI_MANIFEST,
                OciImageBuilder.CONFIG_TYPE, configDigest, configSize, OciImageBuilder.LAYER_TYPE, layerDigest,
                layerSize);
    }

    static ResolvedImage resolve(String reference, RegistryOptions options) throws IOException {
        try (RegistrySource source = RegistrySource.open(reference, options)) {
            return source.resolve();
        }
    }

}
