package dev.pharos.engine.layer;

/**
 * A tar entry the walker refused or could not hand to catalogers, with why. Kept in the layer's listing so a report
 * can say what was not looked at instead of silently missing it.
 *
 * @param name   the entry name as the archive spells it (not normalised; it may be hostile)
 * @param detail human-readable specifics, e.g. the link target or the size
 */
public record SkippedEntry(String name, Reason reason, String detail) {
    public enum Reason {
        /** A {@code ..} segment: would land outside the image root on extraction; never visited. */
        PATH_TRAVERSAL,
        /** A name that cannot be a path inside the image (backslash, NUL, empty after normalising). */
        UNUSABLE_NAME,
        /** A symlink or hard link whose target resolves outside the image root; recorded, never followed. */
        LINK_ESCAPES_ROOT,
        /** A wanted file larger than {@code ScanLimits.maxFileBytes}: not read, the scan goes on without it. */
        FILE_TOO_LARGE
    }
}
