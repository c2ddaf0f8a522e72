package dev.pharos.engine.catalog;

/**
 * A regular file of a layer as the walker sees it before reading it.
 *
 * @param path relative to the image root, normalised, {@code /}-separated, without a leading {@code /}
 *             (e.g. {@code var/lib/dpkg/status})
 * @param size uncompressed size in bytes
 * @param mode POSIX permission bits (e.g. {@code 0755})
 */
public record FileEntry(String path, long size, int mode) {
    public FileEntry {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("not a normalised relative path: " + path);
        }
    }

    public boolean executable() {
        return (mode & 0111) != 0;
    }

    /** The last path segment. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
