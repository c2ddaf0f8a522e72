package dev.pharos.engine.source.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.harness.OciImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciLayoutSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> BASE = Map.of("etc/os-release",
            "ID=debian\n".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, byte[]> APP = Map.of("app/app.jar", new byte[] {'P', 'K', 3, 4});

    @TempDir
    Path root;
    /** The layout, inside the temporary directory so files "outside" it (secrets to reach) are still cleaned up. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void layoutDirectory() {
        dir = root.resolve("layout");
    }

    @Test
    void resolvesTheTaggedImageWithItsConfigAndLayersBottomFirst() throws IOException {
        OciImageBuilder.image().layer(BASE).tag("base").writeTo(dir);
        String app = OciImageBuilder.image().layer(BASE).layer(APP).tag("app").writeTo(dir);

        ResolvedImage image = source(Optional.of("app"), ScanLimits.defaults()).resolve();

        assertThat(image.manifestDigest()).isEqualTo(app);
        assertThat(image.layers()).hasSize(2);
        assertThat(image.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(JSON.readTree(image.configJson()).path("rootfs").path("diff_ids")).hasSize(2);
        try (InputStream layer = source(Optional.of("app"), ScanLimits.defaults()).openBlob(image.layers().get(1))) {
            assertThat(sha256(layer.readAllBytes())).isEqualTo(image.layers().get(1).digest());
        }
    }

    @Test
    void theOnlyImageNeedsNoTagButSeveralDo() throws IOException {
        String only = OciImageBuilder.image().layer(BASE).tag("one").writeTo(dir);
        assertThat(source(Optional.empty(), ScanLimits.defaults()).resolve().manifestDigest()).isEqualTo(only);

        OciImageBuilder.image().layer(APP).tag("two").writeTo(dir);
        assertThatThrownBy(() -> source(Optional.empty(), ScanLimits.defaults()).resolve())
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
                    assertThat(e.getMessage()).contains("one", "two");
                });
        assertThatThrownBy(() -> source(Optional.of("three"), ScanLimits.defaults()).resolve())
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.NOT_FOUND));
    }

    @Test
    void aNestedIndexIsFollowedToTheWantedPlatform() throws IOException {
        String amd64 = OciImageBuilder.image().layer(BASE).tag("amd64").writeTo(dir);
        String arm64 = OciImageBuilder.image().layer(APP).tag("arm64").writeTo(dir);
        ObjectNode nested = JSON.createObjectNode();
        nested.put("schemaVersion", 2);
        nested.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = nested.putArray("manifests");
        manifests.add(entry(amd64, "amd64", Optional.empty()));
        manifests.add(entry(arm64, "arm64", Optional.of("v8")));
        byte[] nestedBytes = JSON.writeValueAsBytes(nested);
        String nestedDigest = sha256(nestedBytes);
        Files.write(dir.resolve("blobs/sha256").resolve(nestedDigest.substring(7)), nestedBytes);
        ObjectNode top = JSON.createObjectNode();
        top.put("schemaVersion", 2);
        ObjectNode multi = top.putArray("manifests").addObject();
        multi.put("mediaType", "application/vnd.oci.image.index.v1+json");
        multi.put("digest", nestedDigest);
        multi.put("size", nestedBytes.length);
        multi.putObject("annotations").put(OciLayout.REF_NAME, "multi");
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(top));

        var arm = new OciLayoutSource(dir, Optional.of("multi"), Platform.parse("linux/arm64"), ScanLimits.defaults());
        var amd = new OciLayoutSource(dir, Optional.of("multi"), Platform.LINUX_AMD64, ScanLimits.defaults());
        var s390 = new OciLayoutSource(dir, Optional.of("multi"), Platform.parse("linux/s390x"),
                ScanLimits.defaults());

        assertThat(arm.resolve().manifestDigest()).isEqualTo(arm64);
        assertThat(amd.resolve().manifestDigest()).isEqualTo(amd64);
        assertThatThrownBy(s390::resolve).isInstanceOfSatisfying(PharosException.class,
                e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNSUPPORTED));
    }

    @Test
    void aCraftedDigestNeverBecomesAPathOutsideTheBlobs() throws IOException {
        OciImageBuilder.image().layer(BASE).writeTo(dir);
        Files.writeString(root.resolve("secret"), "s3cr3t");
        var source = source(Optional.empty(), ScanLimits.defaults());

        for (String digest : new String[] {"sha256:../../secret", "sha256/../../../secret", "md5:abc",
                "sha256:" + "A".repeat(64)}) {
            assertThatThrownBy(() -> source.openBlob(new Descriptor("application/octet-stream", digest, 6)))
                    .as(digest).isInstanceOfSatisfying(PharosException.class,
                            e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT));
        }
    }

    @Test
    void aBlobThatIsASymlinkIsNotRead() throws IOException {
        OciImageBuilder.image().layer(BASE).writeTo(dir);
        Path secret = root.resolve("secret");
        Files.writeString(secret, "s3cr3t");
        String digest = sha256("s3cr3t".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(dir.resolve("blobs/sha256").resolve(digest.substring(7)), secret);

        assertThatThrownBy(() -> source(Optional.empty(), ScanLimits.defaults())
                .openBlob(new Descriptor("application/octet-stream", digest, 6)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void aBlobsDirectorySymlinkedElsewhereOnTheHostIsNotFollowed() throws IOException {
        OciImageBuilder.image().layer(BASE).tag("t").writeTo(dir);
        Path hostStore = Files.createDirectories(root.resolve("host-content-store")); // e.g. other tenants' blobs
        Files.move(dir.resolve("blobs"), hostStore.resolve("blobs"));
        Files.createSymbolicLink(dir.resolve("blobs"), hostStore.resolve("blobs"));

        assertThatThrownBy(() -> source(Optional.of("t"), ScanLimits.defaults()).resolve())
                .hasMessageContaining("leaves the layout through a symbolic link");
    }

    @Test
    void manifestConfigAndLayerCountLimitsApplyBeforeReading() throws IOException {
        OciImageBuilder.image().layer(BASE).layer(APP).layer(BASE).writeTo(dir);
        ScanLimits d = ScanLimits.defaults();

        assertLimit(new ScanLimits(d.maxManifestBytes(), d.maxConfigBytes(), 2, d.maxUncompressedBytes(),
                d.maxFiles(), d.maxFileBytes(), d.maxArchiveDepth(), d.maxWallTime()), "maxLayers (2)");
        assertLimit(new ScanLimits(d.maxManifestBytes(), 16, d.maxLayers(), d.maxUncompressedBytes(),
                d.maxFiles(), d.maxFileBytes(), d.maxArchiveDepth(), d.maxWallTime()), "maxConfigBytes (16)");
        assertLimit(new ScanLimits(100, d.maxConfigBytes(), d.maxLayers(), d.maxUncompressedBytes(),
                d.maxFiles(), d.maxFileBytes(), d.maxArchiveDepth(), Duration.ofMinutes(1)), "maxManifestBytes (100)");
    }

    @Test
    void aTamperedConfigIsADigestMismatch() throws IOException {
        OciImageBuilder.image().layer(BASE).writeTo(dir);
        Descriptor config = source(Optional.empty(), ScanLimits.defaults()).resolve().config();
        Path file = dir.resolve("blobs/sha256").resolve(config.digest().substring(7));
        Files.writeString(file, Files.readString(file).replace("amd64", "arm64"));

        assertThatThrownBy(() -> source(Optional.empty(), ScanLimits.defaults()).resolve())
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.DIGEST_MISMATCH));
    }

    @Test
    void aDirectoryWithoutOciLayoutFileIsRejected() throws IOException {
        OciImageBuilder.image().layer(BASE).writeTo(dir);
        Files.delete(dir.resolve("oci-layout"));

        assertThatThrownBy(() -> source(Optional.empty(), ScanLimits.defaults()).resolve())
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
                    assertThat(e.getMessage()).contains("oci-layout");
                });
    }

    private void assertLimit(ScanLimits limits, String expected) {
        assertThatThrownBy(() -> source(Optional.empty(), limits).resolve())
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains(expected);
                });
    }

    private OciLayoutSource source(Optional<String> tag, ScanLimits limits) {
        return new OciLayoutSource(dir, tag, Platform.LINUX_AMD64, limits);
    }

    private ObjectNode entry(String manifestDigest, String architecture, Optional<String> variant) throws IOException {
        Path blob = dir.resolve("blobs/sha256").resolve(manifestDigest.substring(7));
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", OciImageBuilder.MANIFEST_TYPE);
        node.put("digest", manifestDigest);
        node.put("size", Files.size(blob));
        ObjectNode platform = node.putObject("platform");
        platform.put("os", "linux");
        platform.put("architecture", architecture);
        variant.ifPresent(v -> platform.put("variant", v));
        return node;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
