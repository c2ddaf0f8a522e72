package dev.pharos.engine.layer;

import com.github.luben.zstd.ZstdOutputStream;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.layout.OciLayoutSource;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.OciImageBuilder.RawEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class LayerWalkerTest {
    static final OciImageBuilder.Compression ZSTD = new OciImageBuilder.Compression(
            "application/vnd.oci.image.layer.v1.tar+zstd", ZstdOutputStream::new);

    @TempDir
    Path dir;

    @Test
    void visitsOnlyWantedRegularFilesWithTheirContent() throws IOException {
        String longName = "usr/lib/node_modules/" + "very-long-package-name/".repeat(8) + "package.json";
        OciImageBuilder.image().layer(Map.of(
                "etc/os-release", "ID=debian\n".getBytes(StandardCharsets.UTF_8),
                "usr/bin/tool", new byte[100],
                longName, "{}".getBytes(StandardCharsets.UTF_8))).writeTo(dir);

        var walked = Walks.walk(dir, ScanLimits.defaults(), entry -> !entry.path().startsWith("usr/bin"));

        // PAX long names (> 100 bytes) come through whole.
        assertThat(walked.contents().getFirst()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "etc/os-release", "ID=debian\n", longName, "{}"));
        LayerListing listing = walked.listings().getFirst();
        assertThat(listing.wantedFiles()).containsExactlyInAnyOrder("etc/os-release", longName);
        assertThat(listing.skipped()).isEmpty();
        assertThat(listing.entries()).isGreaterThan(3); // the files plus their parent directories
        assertThat(listing.uncompressedBytes()).isPositive().isEqualTo(listing.uncompressedBytes() / 512 * 512);
    }

    @Test
    void uncompressedAndZstdLayersAreReadByTheirMagicBytes() throws IOException {
        for (var compression : List.of(OciImageBuilder.Compression.NONE, ZSTD, OciImageBuilder.Compression.GZIP)) {
            Path layout = dir.resolve(compression.mediaType().replace('/', '_'));
            OciImageBuilder.image().compression(compression)
                    .layer(Map.of("etc/alpine-release", "3.20.0\n".getBytes(StandardCharsets.UTF_8))).writeTo(layout);

            assertThat(Walks.walk(layout, ScanLimits.defaults(), entry -> true).image())
                    .as(compression.mediaType()).containsExactly(Map.entry("etc/alpine-release", "3.20.0\n"));
        }
    }

    @Test
    void traversalNamesAreNeverVisitedAndAbsoluteNamesAreRootRelative() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(
                RawEntry.file("../../etc/cron.d/evil", "x"),
                RawEntry.file("usr/../../outside", "x"),
                RawEntry.file("/etc/os-release", "ID=alpine\n"),
                RawEntry.file(".//usr//share/./doc/x", "doc"))).writeTo(dir);

        var walked = Walks.walk(dir, ScanLimits.defaults(), entry -> true);

        assertThat(walked.image()).containsOnlyKeys("etc/os-release", "usr/share/doc/x");
        assertThat(walked.listings().getFirst().skipped()).extracting(SkippedEntry::name, SkippedEntry::reason)
                .containsExactly(tuple("../../etc/cron.d/evil", SkippedEntry.Reason.PATH_TRAVERSAL),
                        tuple("usr/../../outside", SkippedEntry.Reason.PATH_TRAVERSAL));
    }

    @Test
    void linksAreNeverFollowedAndThoseEscapingTheRootAreReported() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(
                RawEntry.file("usr/lib/os-release", "ID=debian\n"),
                RawEntry.symlink("etc/os-release", "../usr/lib/os-release"),
                RawEntry.symlink("etc/shadow-copy", "../../../../etc/shadow"),
                RawEntry.hardlink("var/hard", "../../etc/passwd"),
                RawEntry.hardlink("var/inside", "usr/lib/os-release"),
                RawEntry.charDevice("dev/null"))).writeTo(dir);

        var walked = Walks.walk(dir, ScanLimits.defaults(), entry -> true);

        // Only the regular file is read: not through the symlink, not through the hard links, not the device.
        assertThat(walked.image()).containsOnlyKeys("usr/lib/os-release");
        LayerListing listing = walked.listings().getFirst();
        assertThat(listing.links()).containsExactlyInAnyOrder("etc/os-release", "etc/shadow-copy", "var/hard",
                "var/inside");
        assertThat(listing.skipped()).extracting(SkippedEntry::name, SkippedEntry::reason, SkippedEntry::detail)
                .containsExactly(
                        tuple("etc/shadow-copy", SkippedEntry.Reason.LINK_ESCAPES_ROOT,
                                "symlink to ../../../../etc/shadow"),
                        tuple("var/hard", SkippedEntry.Reason.LINK_ESCAPES_ROOT, "hard link to ../../etc/passwd"));
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesRemoveLowerLayerFiles() throws IOException {
        OciImageBuilder.image()
                .rawLayer(List.of(
                        RawEntry.file("app/a.jar", "a"), RawEntry.file("app/keep.jar", "keep"),
                        RawEntry.file("node/old/package.json", "old"), RawEntry.file("gone/x", "x")))
                .rawLayer(List.of(
                        RawEntry.whiteout("app/a.jar"), RawEntry.whiteout("gone"),
                        RawEntry.opaque("node"), RawEntry.file("node/new/package.json", "new")))
                .writeTo(dir);

        var walked = Walks.walk(dir, ScanLimits.defaults(), entry -> true);

        LayerListing upper = walked.listings().get(1);
        assertThat(upper.whiteouts()).containsExactlyInAnyOrder("app/a.jar", "gone");
        assertThat(upper.opaqueDirectories()).containsExactly("node");
        // Whiteout markers are not files of the image.
        assertThat(upper.wantedFiles()).containsExactly("node/new/package.json");
        assertThat(walked.image()).containsOnlyKeys("app/keep.jar", "node/new/package.json");
    }

    @Test
    void aWantedFileAboveTheFileLimitIsSkippedWithAReasonAndTheWalkGoesOn() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(
                RawEntry.zeros("big.jar", 4096), RawEntry.file("small.jar", "ok"))).writeTo(dir);
        ScanLimits limits = withFileBytes(ScanLimits.defaults(), 1024);

        var walked = Walks.walk(dir, limits, entry -> true);

        assertThat(walked.image()).containsOnlyKeys("small.jar");
        assertThat(walked.listings().getFirst().skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.reason()).isEqualTo(SkippedEntry.Reason.FILE_TOO_LARGE);
            assertThat(skipped.detail()).contains("4096 bytes", "maxFileBytes", "1024");
        });
    }

    @Test
    void largeWantedFilesAreSpooledAndStillReadable() throws IOException {
        long size = LayerWalker.MEMORY_THRESHOLD + 10;
        OciImageBuilder.image().rawLayer(List.of(RawEntry.zeros("opt/big.bin", size))).writeTo(dir);
        long[] seen = new long[2];

        try (var source = new OciLayoutSource(dir, Optional.empty(),
                Platform.LINUX_AMD64, ScanLimits.defaults())) {
            var layer = source.resolve().layers().getFirst();
            new LayerWalker(ScanBudget.start(ScanLimits.defaults()), Optional.of(dir))
                    .walk(layer, source.openBlob(layer), entry -> true, (entry, content) -> {
                        seen[0] = content.size();
                        seen[1] = Files.size(content.file());
                    });
        }

        assertThat(seen).containsExactly(size, size);
    }

    @Test
    void aSparseFileIsReadWithItsHolesAsZeros() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(RawEntry.sparse("var/sparse.db", 5000))).writeTo(dir);

        var walked = Walks.walk(dir, ScanLimits.defaults(), entry -> true);

        assertThat(walked.image()).containsOnlyKeys("var/sparse.db");
        String content = walked.image().get("var/sparse.db");
        assertThat(content).hasSize(5000).endsWith("x");
        assertThat(content.substring(0, 4999)).containsOnlyOnce("\0".repeat(4999));
    }

    @Test
    void aVisitorFailureComesThroughUnchangedAndIsNotBlamedOnTheLayer() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(RawEntry.file("etc/os-release", "x"))).writeTo(dir);
        IOException parseError = new IOException("cataloger could not parse");

        try (var source = new OciLayoutSource(dir, Optional.empty(),
                Platform.LINUX_AMD64, ScanLimits.defaults())) {
            var layer = source.resolve().layers().getFirst();
            assertThatThrownBy(() ->
                    new LayerWalker(ScanBudget.start(ScanLimits.defaults()), Optional.empty())
                            .walk(layer, source.openBlob(layer), entry -> true, (entry, content) -> {
                                throw parseError;
                            })).isSameAs(parseError);
        }
    }

    static ScanLimits withFileBytes(ScanLimits l, long maxFileBytes) {
        return new ScanLimits(l.maxManifestBytes(), l.maxConfigBytes(), l.maxLayers(), l.maxUncompressedBytes(),
                l.maxFiles(), maxFileBytes, l.maxArchiveDepth(), l.maxWallTime());
    }
}
