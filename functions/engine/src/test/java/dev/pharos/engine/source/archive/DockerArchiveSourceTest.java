package dev.pharos.engine.source.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.layer.LayerWalker;
import dev.pharos.engine.layer.ScanBudget;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.OciImageBuilder.RawEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerArchiveSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static OciImageBuilder twoLayers() {
        return OciImageBuilder.image()
                .layer(Map.of("etc/os-release", "ID=debian\n".getBytes(StandardCharsets.UTF_8),
                        "var/lib/dpkg/status", "Package: a\n".getBytes(StandardCharsets.UTF_8)))
                .rawLayer(List.of(RawEntry.whiteout("var/lib/dpkg/status"),
                        RawEntry.file("app/app.jar", "jar")));
    }

    @ParameterizedTest(name = "ociInside={0}")
    @ValueSource(booleans = {false, true})
    void resolvesAndWalksASavedImage(boolean ociInside) throws IOException {
        Path archive = dir.resolve("image.tar");
        String manifestDigest = twoLayers().writeDockerArchive(archive, "pharos/app:1.0", ociInside);

        try (var source = new DockerArchiveSource(archive, Optional.of("pharos/app:1.0"), Platform.LINUX_AMD64,
                ScanLimits.defaults())) {
            ResolvedImage image = source.resolve();
            var config = JSON.readTree(image.configJson());
            // Layers are uncompressed in a save, so each layer digest is the diff id the config lists: an
            // independent check of the digests computed from the old format's layer.tar members.
            assertThat(image.layers()).extracting(l -> l.digest()).containsExactly(
                    config.path("rootfs").path("diff_ids").get(0).asText(),
                    config.path("rootfs").path("diff_ids").get(1).asText());
            assertThat(image.manifestDigest()).isEqualTo(ociInside ? manifestDigest : image.config().digest());
            assertThat(image.platform()).isEqualTo(Platform.LINUX_AMD64);

            List<String> wanted = new ArrayList<>();
            List<List<String>> whiteouts = new ArrayList<>();
            LayerWalker walker = new LayerWalker(ScanBudget.start(ScanLimits.defaults()), Optional.empty());
            for (var layer : image.layers()) {
                try (InputStream blob = source.openBlob(layer)) {
                    var listing = walker.walk(layer, blob, entry -> true, (entry, content) ->
                            wanted.add(entry.path() + "=" + new String(content.bytes(), StandardCharsets.UTF_8)));
                    whiteouts.add(List.copyOf(listing.whiteouts()));
                }
            }
            assertThat(wanted).containsExactlyInAnyOrder("etc/os-release=ID=debian\n",
                    "var/lib/dpkg/status=Package: a\n", "app/app.jar=jar");
            assertThat(whiteouts).containsExactly(List.of(), List.of("var/lib/dpkg/status"));
        }
    }

    @Test
    void theOnlyImageNeedsNoTagAndAnUnknownTagIsNotFound() throws IOException {
        Path archive = dir.resolve("image.tar");
        twoLayers().writeDockerArchive(archive, "pharos/app:1.0", false);

        try (var untagged = new DockerArchiveSource(archive, Optional.empty(), Platform.LINUX_AMD64,
                ScanLimits.defaults());
             var wrongTag = new DockerArchiveSource(archive, Optional.of("pharos/app:2.0"), Platform.LINUX_AMD64,
                     ScanLimits.defaults())) {
            assertThat(untagged.resolve().layers()).hasSize(2);
            assertThatThrownBy(wrongTag::resolve).isInstanceOfSatisfying(PharosException.class, e -> {
                assertThat(e.kind()).isEqualTo(PharosException.Kind.NOT_FOUND);
                assertThat(e.getMessage()).contains("pharos/app:1.0");
            });
        }
    }

    @ParameterizedTest(name = "ociInside={0}")
    @ValueSource(booleans = {false, true})
    void theLayerCountLimitApplies(boolean ociInside) throws IOException {
        Path archive = dir.resolve("image.tar");
        twoLayers().writeDockerArchive(archive, "pharos/app:1.0", ociInside);
        ScanLimits d = ScanLimits.defaults();
        ScanLimits oneLayer = new ScanLimits(d.maxManifestBytes(), d.maxConfigBytes(), 1, d.maxUncompressedBytes(),
                d.maxFiles(), d.maxFileBytes(), d.maxArchiveDepth(), d.maxWallTime());

        try (var source = new DockerArchiveSource(archive, Optional.empty(), Platform.LINUX_AMD64, oneLayer)) {
            assertThatThrownBy(source::resolve).isInstanceOfSatisfying(PharosException.class, e -> {
                assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                assertThat(e.getMessage()).contains("maxLayers (1)");
            });
        }
    }

    @Test
    void aTamperedClassicLayerDoesNotMatchTheConfigDiffIds() throws IOException {
        Path archive = dir.resolve("image.tar");
        twoLayers().writeDockerArchive(archive, "pharos/app:1.0", false);
        long offset;
        try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(archive)) {
            offset = tar.getEntries().stream().filter(e -> e.getName().endsWith("/layer.tar")).findFirst()
                    .orElseThrow().getDataOffset();
        }
        try (var channel = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'X'}), offset + 2); // inside the first entry's name
        }

        try (var source = new DockerArchiveSource(archive, Optional.empty(), Platform.LINUX_AMD64,
                ScanLimits.defaults())) {
            assertThatThrownBy(source::resolve).isInstanceOfSatisfying(PharosException.class, e -> {
                assertThat(e.kind()).isEqualTo(PharosException.Kind.DIGEST_MISMATCH);
                assertThat(e.getMessage()).contains("diff_id");
            });
        }
    }

    @Test
    void anArchiveWithoutManifestJsonIsMalformed() throws IOException {
        Path layout = dir.resolve("layout");
        OciImageBuilder.image().layer(Map.of("a", new byte[1])).writeTo(layout);
        Path archive = dir.resolve("not-a-save.tar");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                java.nio.file.Files.newOutputStream(archive))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("hello.txt");
            entry.setSize(2);
            tar.putArchiveEntry(entry);
            tar.write("hi".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
        }

        try (var source = new DockerArchiveSource(archive, Optional.empty(), Platform.LINUX_AMD64,
                ScanLimits.defaults())) {
            assertThatThrownBy(source::resolve).isInstanceOfSatisfying(PharosException.class, e -> {
                assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
                assertThat(e.getMessage()).contains("manifest.json");
            });
        }
    }
}
