package dev.pharos.engine.layer;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.layout.OciLayoutSource;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.OciImageBuilder.RawEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hostile layers against {@link ScanBudget}: bombs, entry floods, slow scans, tampered blobs. */
class LayerLimitsTest {
    private static final long BOMB_BYTES = 256L << 20;
    private static final long BOMB_LIMIT = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void aGzipBombStopsAtTheUncompressedLimitBeforeTheEndOfTheBlob() throws IOException {
        BombRun run = assertBombStops(OciImageBuilder.Compression.GZIP);
        // ~260 KiB of deflate; the walk stopped after the first buffer of it.
        assertThat(run.blobBytesRead()).isLessThan(run.layer().size());
    }

    @Test
    void aZstdBombStopsAtTheUncompressedLimit() throws IOException {
        BombRun run = assertBombStops(LayerWalkerTest.ZSTD);
        // zstd packs 256 MiB of zeros into a few KiB: what bounds the work is the count of decompressed bytes.
        assertThat(run.layer().size()).isLessThan(64 * 1024);
    }

    private record BombRun(Descriptor layer, long blobBytesRead) {
    }

    /**
     * 256 MiB of zeros compress to well under 1 MiB; with the limit at 8 MiB the walk must fail having decompressed
     * barely more than the limit: decompression is pulled by the tar reader one buffer at a time and counted as it
     * comes out, so neither memory nor time grow with the bomb's real size.
     */
    private BombRun assertBombStops(OciImageBuilder.Compression compression) throws IOException {
        OciImageBuilder.image().compression(compression).rawLayer(List.of(RawEntry.zeros("bomb", BOMB_BYTES)))
                .writeTo(dir);
        ScanLimits limits = limits(BOMB_LIMIT, 1000, Duration.ofMinutes(5));
        ScanBudget budget = ScanBudget.start(limits);
        try (var source = source(limits)) {
            Descriptor layer = source.resolve().layers().getFirst();
            CountingStream blob = new CountingStream(source.openBlob(layer));

            assertThatThrownBy(() -> new LayerWalker(budget, Optional.empty()).walk(layer, blob, entry -> true,
                    (entry, content) -> { }))
                    .isInstanceOfSatisfying(PharosException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).contains("maxUncompressedBytes", String.valueOf(BOMB_LIMIT),
                                layer.digest());
                    });
            assertThat(budget.uncompressedBytes()).isGreaterThan(BOMB_LIMIT).isLessThan(BOMB_LIMIT + (1 << 20));
            return new BombRun(layer, blob.read);
        }
    }

    @Test
    void sparseHolesCountAgainstTheUncompressedLimit() throws IOException {
        // Each entry costs ~1.5 KiB in the blob and expands to 1 GiB in the tar reader: charged before expansion.
        OciImageBuilder.image().rawLayer(List.of(RawEntry.sparse("hole1", 1L << 30), RawEntry.sparse("hole2",
                1L << 30))).writeTo(dir);
        ScanLimits limits = limits(1536L << 20, 1000, Duration.ofMinutes(5));

        assertThatThrownBy(() -> Walks.walk(dir, limits, entry -> false))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("maxUncompressedBytes");
                });
    }

    @Test
    void aHugePaxHeaderIsRefusedBeforeTheTarReaderHoldsIt() throws IOException {
        // A 5 MiB PAX record: the tar reader would keep it in memory whole (a hostile one could be gigabytes).
        OciImageBuilder.image().rawLayer(List.of(RawEntry.file("before", "b"),
                RawEntry.withHugePaxHeader("huge", 5 << 20))).writeTo(dir);

        assertThatThrownBy(() -> Walks.walk(dir, ScanLimits.defaults(), entry -> true))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT);
                    assertThat(e.getMessage()).contains("headers", String.valueOf(4 << 20));
                });
    }

    @Test
    void theFileCountLimitSpansAllLayers() throws IOException {
        List<RawEntry> five = IntStream.range(0, 5).mapToObj(i -> RawEntry.file("f" + i, "x")).toList();
        OciImageBuilder.image().rawLayer(five).rawLayer(five).writeTo(dir);
        ScanLimits limits = limits(1L << 30, 8, Duration.ofMinutes(5));

        assertThatThrownBy(() -> Walks.walk(dir, limits, entry -> true))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("maxFiles (8)");
                });
    }

    @Test
    void theWallTimeLimitIsCheckedWhileStreaming() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(RawEntry.file("a", "a"), RawEntry.file("b", "b"))).writeTo(dir);
        ScanLimits limits = limits(1L << 30, 1000, Duration.ofSeconds(10));
        // Every look at the clock is a minute later: the deadline has passed by the time entries are read.
        ScanBudget budget = new ScanBudget(limits, new SteppingClock(Duration.ofMinutes(1)));

        assertThatThrownBy(() -> Walks.walk(source(limits), budget, entry -> true))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("maxWallTime (PT10S)", "layer sha256:");
                });
    }

    @Test
    void aTamperedLayerBlobIsADigestMismatch() throws IOException {
        OciImageBuilder.image().rawLayer(List.of(RawEntry.file("etc/os-release", "ID=debian\n"))).writeTo(dir);
        Descriptor layer = source(ScanLimits.defaults()).resolve().layers().getFirst();
        flipByte(blobFile(layer), 20);

        assertThatThrownBy(() -> Walks.walk(dir, ScanLimits.defaults(), entry -> true))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.DIGEST_MISMATCH));
    }

    @Test
    void tamperingBehindTheTarEndMarkerIsStillDetected() throws IOException {
        // Uncompressed: the tar reader stops at the end-of-archive marker (two zero blocks, POSIX ustar); the
        // walker must read on to the end of the blob so the digest covers the last bytes too.
        OciImageBuilder.image().compression(OciImageBuilder.Compression.NONE)
                .rawLayer(List.of(RawEntry.file("etc/os-release", "ID=debian\n"))).writeTo(dir);
        Descriptor layer = source(ScanLimits.defaults()).resolve().layers().getFirst();
        assertThat(layer.size()).isEqualTo(512 + 512 + 1024); // header, data block, end-of-archive marker
        flipByte(blobFile(layer), layer.size() - 1);

        assertThatThrownBy(() -> Walks.walk(dir, ScanLimits.defaults(), entry -> true))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.DIGEST_MISMATCH));
    }

    @Test
    void aLayerOfAnotherMediaTypeIsUnsupported() {
        Descriptor helmChart = new Descriptor("application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                "sha256:" + "0".repeat(64), 0);

        assertThatThrownBy(() -> new LayerWalker(ScanBudget.start(ScanLimits.defaults()), Optional.empty())
                .walk(helmChart, InputStream.nullInputStream(), entry -> true, (entry, content) -> { }))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNSUPPORTED));
    }

    private OciLayoutSource source(ScanLimits limits) {
        return new OciLayoutSource(dir, Optional.empty(), Platform.LINUX_AMD64, limits);
    }

    private Path blobFile(Descriptor blob) {
        return dir.resolve("blobs/sha256").resolve(blob.digest().substring("sha256:".length()));
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, position);
        }
        assertThat(Files.exists(file)).isTrue();
    }

    private static ScanLimits limits(long maxUncompressed, long maxFiles, Duration wallTime) {
        ScanLimits d = ScanLimits.defaults();
        return new ScanLimits(d.maxManifestBytes(), d.maxConfigBytes(), d.maxLayers(), maxUncompressed, maxFiles,
                d.maxFileBytes(), d.maxArchiveDepth(), wallTime);
    }

    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }

    /** A clock that moves {@code step} forward each time it is read. */
    private static final class SteppingClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        SteppingClock(Duration step) {
            this.step = step;
        }

        @Override
        public synchronized Instant instant() {
            Instant current = now;
            now = now.plus(step);
            return current;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
