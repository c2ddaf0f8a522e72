package dev.pharos.engine;

import java.time.Duration;

/**
 * The bounds every image pull and walk is held to (DESIGN.md, "Security and robustness bar"). Exceeding any is a
 * {@code LIMIT_EXCEEDED} {@link dev.pharos.core.error.PharosException} naming the limit and the value seen.
 *
 * @param maxManifestBytes      a manifest or index document
 * @param maxConfigBytes        the image config blob
 * @param maxLayers             layers in one image
 * @param maxUncompressedBytes  all layers' tar streams together, after decompression (stops decompression bombs)
 * @param maxFiles              tar entries in all layers together
 * @param maxFileBytes          one file that a cataloger reads
 * @param maxArchiveDepth       nesting of archives in archives (a jar in a jar in a war is depth 2)
 * @param maxWallTime           one scan, start to inventory
 */
public record ScanLimits(long maxManifestBytes, long maxConfigBytes, int maxLayers, long maxUncompressedBytes,
                         long maxFiles, long maxFileBytes, int maxArchiveDepth, Duration maxWallTime) {
    public static ScanLimits defaults() {
        return new ScanLimits(4L << 20, 8L << 20, 256, 16L << 30, 2_000_000, 512L << 20, 4, Duration.ofMinutes(10));
    }
}
