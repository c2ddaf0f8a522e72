package dev.pharos.engine.layer;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one scan may still spend, shared by all its layers (and threads, if layers are walked in parallel): total
 * uncompressed bytes, tar entries, layers and wall time, per {@link ScanLimits}. Every overrun is a
 * {@code LIMIT_EXCEEDED} {@link PharosException} naming the limit, its configured value and where it was hit, so an
 * operator can tell a hostile image from a limit set too low.
 */
public final class ScanBudget {
    private final ScanLimits limits;
    private final Clock clock;
    private final Instant deadline;
    private final AtomicLong uncompressedBytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();

    public ScanBudget(ScanLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.deadline = clock.instant().plus(limits.maxWallTime());
    }

    /** A budget whose wall time starts now. */
    public static ScanBudget start(ScanLimits limits) {
        return new ScanBudget(limits, Clock.systemUTC());
    }

    public ScanLimits limits() {
        return limits;
    }

    /** Checks an image's layer count before any layer is read (image sources do, while resolving). */
    public static void checkLayerCount(ScanLimits limits, int layers, String image) {
        if (layers > limits.maxLayers()) {
            throw exceeded("maxLayers", limits.maxLayers(), image + " has " + layers + " layers");
        }
    }

    /** Counts bytes that came out of a decompressor; throws once the scan's total passes the limit. */
    public void addUncompressed(long bytes, String where) {
        long total = uncompressedBytes.addAndGet(bytes);
        if (total > limits.maxUncompressedBytes()) {
            throw exceeded("maxUncompressedBytes", limits.maxUncompressedBytes(),
                    "layers decompress to more bytes, stopped in " + where);
        }
    }

    /** Counts one tar entry of any type. */
    public void addFile(String where) {
        if (files.incrementAndGet() > limits.maxFiles()) {
            throw exceeded("maxFiles", limits.maxFiles(), "layers hold more tar entries, stopped in " + where);
        }
    }

    public void checkTime(String where) {
        if (clock.instant().isAfter(deadline)) {
            throw exceeded("maxWallTime", limits.maxWallTime(), "scan ran longer, stopped in " + where);
        }
    }

    public long uncompressedBytes() {
        return uncompressedBytes.get();
    }

    public long files() {
        return files.get();
    }

    /** The one message shape of every limit: which limit, its configured value, what exceeded it where. */
    public static PharosException exceeded(String limit, Object value, String detail) {
        return new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                "scan limit " + limit + " (" + value + ") exceeded: " + detail);
    }
}
