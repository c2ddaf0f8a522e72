package dev.pharos.engine.layer;

import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.SpooledContent;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.VerifiedBlobStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Streams one layer blob once, never writing the layer to disk: decompresses it (see {@link LayerCompression}),
 * reads its tar entries, records whiteouts, and hands each wanted regular file to a {@link Visitor}.
 * <p>
 * Hostile entries: a name with a {@code ..} segment is never visited; symlinks and hard links are never followed
 * (only recorded, and those whose target escapes the root are reported); devices, FIFOs and directories are not
 * visited. A wanted file above {@code maxFileBytes} is not read and is reported as {@link
 * SkippedEntry.Reason#FILE_TOO_LARGE}: one oversized file is a gap in the inventory, not a reason to fail the scan
 * (the total-bytes limit still bounds the work). After the tar's end marker the rest of the blob is read, so
 * a digest-verifying blob stream always checks the whole blob and trailing bytes count against the budget.
 */
public final class LayerWalker {
    /** image-spec layer.md "Whiteouts": a {@code .wh.}-prefixed name deletes its suffix from lower layers. */
    static final String WHITEOUT_PREFIX = ".wh.";
    /** image-spec layer.md "Opaque Whiteout": deletes all lower-layer children of its directory. */
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** Wanted files up to this size stay in memory; larger ones are spooled to a private temporary file. */
    static final long MEMORY_THRESHOLD = 4L << 20;

    private final ScanBudget budget;
    private final Optional<Path> spoolDirectory;

    /** What the walker hands a wanted file to; the content is closed (and its spool deleted) after it returns. */
    @FunctionalInterface
    public interface Visitor {
        void visit(FileEntry entry, FileContent content) throws IOException;
    }

    public LayerWalker(ScanBudget budget, Optional<Path> spoolDirectory) {
        this.budget = budget;
        this.spoolDirectory = spoolDirectory;
    }

    /**
     * Walks {@code blob}, the stored bytes of {@code layer} (e.g. from {@code ImageSource.openBlob}), and closes it.
     *
     * @param wanted  decides from path, size and mode which regular files are read (the catalogers' wants())
     * @param visitor called for each wanted file in archive order
     */
    public LayerListing walk(Descriptor layer, InputStream blob, Predicate<FileEntry> wanted, Visitor visitor)
            throws IOException {
        String where = "layer " + layer.digest();
        Listing listing = new Listing();
        BudgetedInputStream tarStream = new BudgetedInputStream(
                LayerCompression.decompress(blob, layer.mediaType(), layer.digest()), budget, where);
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name());
            TarArchiveEntry entry;
            while ((entry = nextEntry(tar, tarStream, listing.entries == 0)) != null) {
                budget.addFile(where);
                budget.checkTime(where);
                if (entry.isSparse()) {
                    // The tar reader expands holes itself (reading or skipping the entry yields its real size)
                    // without a byte passing the decompressor: a sparse hole is a bomb that must be charged too.
                    budget.addUncompressed(Math.max(0, entry.getRealSize() - entry.getSize()), where);
                }
                listing.entries++;
                visitEntry(entry, tar, wanted, visitor, listing);
            }
            // Past the end-of-archive marker: drain padding and any trailing bytes through the budget, then the
            // compressed rest of the blob so its digest is verified over every byte.
            tarStream.transferTo(OutputStream.nullOutputStream());
            drain(blob);
            return new LayerListing(layer.digest(), listing.whiteouts, listing.opaque, listing.wanted,
                    listing.links, listing.skipped, listing.entries, tarStream.count());
        } catch (VisitorFailure failure) {
            throw failure.getCause(); // the visitor's own error, not the layer's
        } catch (IOException corrupt) {
            // A tampered blob usually breaks the codec or the tar format first (a gzip CRC error, say); the digest
            // is the truer verdict, so check it before reporting the layer as unreadable.
            try {
                drain(blob);
            } catch (RuntimeException | IOException digest) {
                digest.addSuppressed(corrupt);
                throw digest;
            }
            throw new IOException("layer " + layer.digest() + " is not a readable tar: " + corrupt.getMessage(),
                    corrupt);
        } finally {
            tarStream.close();
        }
    }

    /**
     * Finishes the current entry's data (unread content of unwanted files), then reads the next entry's headers
     * with the header-size guard on, so only metadata counts against it.
     */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, BudgetedInputStream tarStream, boolean first)
            throws IOException {
        if (!first) {
            tar.transferTo(OutputStream.nullOutputStream());
        }
        tarStream.startHeaders();
        try {
            return tar.getNextEntry();
        } finally {
            tarStream.endHeaders();
        }
    }

    private static void drain(InputStream blob) throws IOException {
        if (blob instanceof VerifiedBlobStream verified) {
            verified.finish();
        } else {
            blob.transferTo(OutputStream.nullOutputStream());
        }
    }

    private void visitEntry(TarArchiveEntry entry, TarArchiveInputStream tar, Predicate<FileEntry> wanted,
                            Visitor visitor, Listing listing) throws IOException {
        String name = entry.getName();
        EntryPaths.Normalised normalised = EntryPaths.normalise(name);
        if (normalised.rejected().isPresent()) {
            listing.skipped.add(new SkippedEntry(name, normalised.rejected().get(), "entry name"));
            return;
        }
        String path = normalised.path().orElseThrow();
        if (path.isEmpty() || entry.isDirectory()) {
            return;
        }
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.lastIndexOf('/') < 0 ? "" : path.substring(0, path.lastIndexOf('/'));
        if (fileName.equals(OPAQUE_MARKER)) {
            listing.opaque.add(parent);
            return;
        }
        if (fileName.startsWith(WHITEOUT_PREFIX)) {
            String deleted = fileName.substring(WHITEOUT_PREFIX.length());
            if (deleted.isEmpty() || deleted.equals(".") || deleted.equals("..")) {
                listing.skipped.add(new SkippedEntry(name, SkippedEntry.Reason.UNUSABLE_NAME, "whiteout of nothing"));
            } else {
                listing.whiteouts.add(parent.isEmpty() ? deleted : parent + "/" + deleted);
            }
            return;
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
            listing.links.add(path);
            String target = entry.getLinkName();
            if (!EntryPaths.staysInside(path, target, entry.isSymbolicLink())) {
                listing.skipped.add(new SkippedEntry(name, SkippedEntry.Reason.LINK_ESCAPES_ROOT,
                        (entry.isSymbolicLink() ? "symlink to " : "hard link to ") + target));
            }
            return;
        }
        if (!isRegularFile(entry)) {
            return; // devices, FIFOs: nothing a cataloger reads
        }
        FileEntry file = new FileEntry(path, entry.getRealSize(), entry.getMode() & 07777);
        if (!wanted.test(file)) {
            return;
        }
        listing.wanted.add(path);
        if (file.size() > budget.limits().maxFileBytes()) {
            listing.skipped.add(new SkippedEntry(name, SkippedEntry.Reason.FILE_TOO_LARGE, file.size()
                    + " bytes, limit maxFileBytes is " + budget.limits().maxFileBytes()));
            return;
        }
        try (SpooledContent content = SpooledContent.spool(tar, file.size(), MEMORY_THRESHOLD,
                spoolDirectory.orElse(null))) {
            try {
                visitor.visit(file, content);
            } catch (IOException e) {
                throw new VisitorFailure(e);
            }
        }
    }

    /** Carries a visitor's IOException past the handler that blames the layer for its own read errors. */
    private static final class VisitorFailure extends RuntimeException {
        VisitorFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * By type flag (POSIX ustar '0', pre-POSIX NUL, contiguous '7', GNU sparse 'S'); commons-compress's
     * {@code isFile()} also answers true for devices and FIFOs.
     */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return switch (entry.getLinkFlag()) {
            case TarArchiveEntry.LF_NORMAL, TarArchiveEntry.LF_OLDNORM, TarArchiveEntry.LF_CONTIG,
                 TarArchiveEntry.LF_GNUTYPE_SPARSE -> true;
            default -> false;
        };
    }

    /** Mutable accumulation during one walk; frozen into a {@link LayerListing} at the end. */
    private static final class Listing {
        final Set<String> whiteouts = new LinkedHashSet<>();
        final Set<String> opaque = new LinkedHashSet<>();
        final List<String> wanted = new ArrayList<>();
        final Set<String> links = new LinkedHashSet<>();
        final List<SkippedEntry> skipped = new ArrayList<>();
        long entries;
    }
}
