package dev.pharos.engine.source.layout;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.layer.LayerWalker;
import dev.pharos.engine.layer.ScanBudget;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A layout written by another tool: skopeo re-writes our image, recompressing its layers with zstd. */
class SkopeoLayoutTest {
    @TempDir
    Path root;

    @Test
    void readsALayoutWrittenBySkopeoWithZstdLayers() throws Exception {
        Optional<Path> skopeo = Peers.executable("skopeo");
        Peers.require(skopeo.isPresent(), "skopeo is not installed");
        OciImageBuilder.image().tag("v1")
                .layer(Map.of("etc/os-release", "ID=alpine\n".getBytes(StandardCharsets.UTF_8)))
                .layer(Map.of("lib/apk/db/installed", "P:musl\nV:1.2.5-r0\n".getBytes(StandardCharsets.UTF_8)))
                .writeTo(root.resolve("src"));
        Process copy = new ProcessBuilder(skopeo.get().toString(), "--insecure-policy", "copy",
                "--dest-compress-format", "zstd", "oci:" + root.resolve("src") + ":v1",
                "oci:" + root.resolve("dst") + ":copied")
                .redirectErrorStream(true).redirectOutput(root.resolve("skopeo.log").toFile()).start();
        assertThat(copy.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(copy.exitValue()).as(java.nio.file.Files.readString(root.resolve("skopeo.log"))).isZero();

        var source = new OciLayoutSource(root.resolve("dst"), Optional.of("copied"), Platform.LINUX_AMD64,
                ScanLimits.defaults());
        ResolvedImage image = source.resolve();
        List<String> seen = new ArrayList<>();
        LayerWalker walker = new LayerWalker(ScanBudget.start(ScanLimits.defaults()), Optional.empty());
        for (var layer : image.layers()) {
            try (InputStream blob = source.openBlob(layer)) {
                walker.walk(layer, blob, entry -> true, (entry, content) ->
                        seen.add(entry.path() + "=" + new String(content.bytes(), StandardCharsets.UTF_8)));
            }
        }

        assertThat(image.layers()).extracting(l -> l.mediaType())
                .containsOnly("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(seen).containsExactly("etc/os-release=ID=alpine\n", "lib/apk/db/installed=P:musl\nV:1.2.5-r0\n");
    }
}
