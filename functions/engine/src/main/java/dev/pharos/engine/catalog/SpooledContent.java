package dev.pharos.engine.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@link FileContent} that keeps small files in memory and spools large ones to a private temporary file, so one
 * big jar or binary does not decide the scanner's heap. {@link #close()} deletes what it spooled.
 */
public final class SpooledContent implements FileContent, AutoCloseable {
    private final byte[] inMemory;
    private final long size;
    private final boolean owned;
    private Path file;

    private SpooledContent(byte[] inMemory, Path file, long size, boolean owned) {
        this.inMemory = inMemory;
        this.file = file;
        this.size = size;
        this.owned = owned;
    }

    public static SpooledContent of(byte[] content) {
        return new SpooledContent(content, null, content.length, true);
    }

    /** An existing file (a test fixture, say): read in place and never deleted. */
    public static SpooledContent ofFile(Path existing) throws IOException {
        return new SpooledContent(null, existing, Files.size(existing), false);
    }

    /**
     * Reads {@code size} bytes from {@code in}: into memory when at most {@code memoryThreshold}, else into a new
     * owner-only file in {@code tempDir}.
     */
    public static SpooledContent spool(InputStream in, long size, long memoryThreshold, Path tempDir)
            throws IOException {
        if (size <= memoryThreshold) {
            byte[] content = in.readNBytes((int) size);
            if (content.length != size) {
                throw new IOException("file ended after " + content.length + " of " + size + " bytes");
            }
            return of(content);
        }
        Path spooled = privateTempFile(tempDir);
        try (OutputStream out = Files.newOutputStream(spooled)) {
            long copied = in.transferTo(out);
            if (copied != size) {
                throw new IOException("file ended after " + copied + " of " + size + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spooled);
            throw e;
        }
        return new SpooledContent(null, spooled, size, true);
    }

    @Override
    public InputStream open() throws IOException {
        return inMemory != null ? new ByteArrayInputStream(inMemory) : Files.newInputStream(file);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] bytes() throws IOException {
        return inMemory != null ? inMemory : Files.readAllBytes(file);
    }

    @Override
    public synchronized Path file() throws IOException {
        if (file == null) {
            file = privateTempFile(null);
            Files.write(file, inMemory);
        }
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (owned && file != null) {
            Files.deleteIfExists(file);
        }
    }

    private static Path privateTempFile(Path dir) throws IOException {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        return dir == null ? Files.createTempFile("pharos-", ".spool", ownerOnly)
                : Files.createTempFile(dir, "pharos-", ".spool", ownerOnly);
    }
}
