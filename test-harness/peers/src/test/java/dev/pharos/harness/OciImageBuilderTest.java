package dev.pharos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class OciImageBuilderTest {
    static final Map<String, byte[]> BASE = Map.of(
            "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n".getBytes(StandardCharsets.UTF_8),
            "/var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\n".getBytes(StandardCharsets.UTF_8));
    static final Map<String, byte[]> APP = Map.of(
            "app/app.jar", new byte[] {'P', 'K', 3, 4});

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesAValidLayoutWithTheTagAndDiffIds() throws IOException {
        Path layout = dir.resolve("layout");
        String digest = OciImageBuilder.image().layer(BASE).layer(APP).tag("v1").writeTo(layout);

        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(JSON.readTree(layout.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
                .isEqualTo("1.0.0");
        JsonNode entry = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0);
        assertThat(entry.path("digest").asText()).isEqualTo(digest);
        assertThat(entry.path("annotations").path(OciImageBuilder.REF_NAME).asText()).isEqualTo("v1");

        byte[] manifestBytes = blob(layout, digest);
        assertThat(OciImageBuilder.sha256(manifestBytes)).isEqualTo(digest);
        JsonNode manifest = JSON.readTree(manifestBytes);
        assertThat(manifest.path("mediaType").asText()).isEqualTo(OciImageBuilder.MANIFEST_TYPE);
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()));
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");

        JsonNode layers = manifest.path("layers");
        assertThat(layers).hasSize(2);
        for (int i = 0; i < 2; i++) {
            byte[] compressed = blob(layout, layers.get(i).path("digest").asText());
            assertThat(layers.get(i).path("size").asLong()).isEqualTo(compressed.length);
            byte[] tar = new GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes();
            assertThat(config.path("rootfs").path("diff_ids").get(i).asText()).isEqualTo(OciImageBuilder.sha256(tar));
        }
    }

    @Test
    void layersAreSortedWithParentDirectoriesAndFixedMetadata() throws IOException {
        Path layout = dir.resolve("layout");
        String digest = OciImageBuilder.image().layer(BASE).writeTo(layout);
        JsonNode manifest = JSON.readTree(blob(layout, digest));
        Map<String, TarArchiveEntry> entries = entries(blob(layout, manifest.path("layers").get(0).path("digest").asText()));

        assertThat(entries.keySet()).containsExactly("etc/", "etc/os-release", "var/", "var/lib/", "var/lib/dpkg/",
                "var/lib/dpkg/status");
        assertThat(entries.get("etc/").getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("etc/os-release").getMode() & 07777).isEqualTo(0644);
        assertThat(entries.values()).allSatisfy(e -> {
            assertThat(e.getModTime().getTime()).isEqualTo(946_684_800_000L);
            assertThat(e.getLongUserId()).isZero();
        });
    }

    @Test
    void sameInputGivesSameDigestAndTagsAccumulateInOneLayout() {
        Path layout = dir.resolve("layout");
        String first = OciImageBuilder.image().layer(BASE).tag("a").writeTo(layout);
        String again = OciImageBuilder.image().layer(BASE).tag("a").writeTo(dir.resolve("other"));
        String second = OciImageBuilder.image().layer(BASE).layer(APP).tag("b").writeTo(layout);
        String replaced = OciImageBuilder.image().layer(APP).tag("a").writeTo(layout);

        assertThat(again).isEqualTo(first);
        assertThat(second).isNotEqualTo(first);
        List<String> refs = new ArrayList<>();
        try {
            JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").forEach(m ->
                    refs.add(m.path("annotations").path(OciImageBuilder.REF_NAME).asText() + "=" + m.path("digest").asText()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(refs).containsExactlyInAnyOrder("b=" + second, "a=" + replaced);
    }

    @Test
    void umociUnpacksTheFiles() throws Exception {
        Peers.require(Peers.executable("umoci").isPresent(), "umoci not installed");
        Path layout = dir.resolve("layout");
        OciImageBuilder.image().layer(BASE).layer(APP).tag("v1").writeTo(layout);
        Path bundle = dir.resolve("bundle");

        Process umoci = new ProcessBuilder("umoci", "unpack", "--rootless", "--image", layout + ":v1", bundle.toString())
                .redirectErrorStream(true).start();
        String output = new String(umoci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(umoci.waitFor()).as(output).isZero();

        assertThat(bundle.resolve("rootfs/etc/os-release")).content().contains("ID=debian");
        assertThat(bundle.resolve("rootfs/var/lib/dpkg/status")).content().contains("zlib1g");
        assertThat(Files.readAllBytes(bundle.resolve("rootfs/app/app.jar"))).isEqualTo(APP.get("app/app.jar"));
    }

    static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())));
    }

    static Map<String, TarArchiveEntry> entries(byte[] gzippedTar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzippedTar)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }
}
