package dev.pharos.engine.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;

/**
 * The bytes of one wanted file, already bounded by the per-file size limit. Small files are held in memory, large
 * ones spooled to a private temporary file, so a cataloger may read them as often as it likes.
 */
public interface FileContent {
    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    /** Random access (ELF sections, SQLite pages); the caller closes it. */
    SeekableByteChannel channel() throws IOException;

    long size();

    /** The whole content in memory; for formats that are small by nature (status files, package.json). */
    byte[] bytes() throws IOException;
}
