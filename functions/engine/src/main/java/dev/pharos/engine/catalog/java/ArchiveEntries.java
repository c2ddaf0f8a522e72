package dev.pharos.engine.catalog.java;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The file entries of one zip archive, one at a time, whichever way it is read: the outermost archive through its
 * central directory ({@link ZipFile}: random access, tolerates a launch script prepended to an "executable" jar,
 * and never inflates entries nobody opens), nested ones as a stream ({@link ZipInputStream}, from the enclosing
 * entry's bytes, without spooling them to disk).
 */
interface ArchiveEntries {

    /** The next file entry (directories skipped), or empty at the end; the previous entry's stream is then void. */
    Optional<ArchiveEntry> next() throws IOException;

    /** One entry: its name inside the archive, and its content, metered, opened only if someone asks. */
    record ArchiveEntry(String name, Content content) {
    }

    @FunctionalInterface
    interface Content {
        /** The entry's inflated bytes; fails with an {@link IOException} past {@code maxBytes}. */
        InputStream open(long maxBytes) throws IOException;
    }

    static ArchiveEntries of(ZipFile zip, InflationBudget budget, String archivePath) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        return () -> {
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (!entry.isDirectory()) {
                    String path = archivePath + "!/" + entry.getName();
                    return Optional.of(new ArchiveEntry(entry.getName(),
                            max -> budget.meter(zip.getInputStream(entry), max, path, true)));
                }
            }
            return Optional.empty();
        };
    }

    /**
     * Entries of a zip stream. Moving to the next entry inflates the rest of the current one, so that rest is read
     * through the budget first. A stream without a single entry is not a zip archive ({@link ZipInputStream} reads
     * anything that lacks a local header signature as empty).
     */
    static ArchiveEntries of(ZipInputStream zip, InflationBudget budget, String archivePath) {
        return new ArchiveEntries() {
            private boolean any;

            @Override
            public Optional<ArchiveEntry> next() throws IOException {
                budget.meter(zip, Long.MAX_VALUE, archivePath, false).transferTo(OutputStream.nullOutputStream());
                ZipEntry entry;
                try {
                    do {
                        entry = zip.getNextEntry();
                        any |= entry != null;
                    } while (entry != null && entry.isDirectory());
                } catch (IllegalArgumentException e) {
                    // ZipInputStream reports entry names that are not valid UTF-8 this way (JAR File Specification:
                    // names are UTF-8).
                    throw new IOException(archivePath + ": malformed entry name: " + e.getMessage(), e);
                }
                if (entry == null) {
                    if (!any) {
                        throw new IOException(archivePath + " is not a zip archive (no local file header)");
                    }
                    return Optional.empty();
                }
                String path = archivePath + "!/" + entry.getName();
                return Optional.of(new ArchiveEntry(entry.getName(), max -> budget.meter(zip, max, path, false)));
            }
        };
    }
}
