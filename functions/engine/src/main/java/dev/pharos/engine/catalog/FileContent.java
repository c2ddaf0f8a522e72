package dev.pharos.engine.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The bytes of one wanted file, already bounded by the per-file size limit, readable as often as a cataloger likes
 * (see {@link SpooledContent}).
 */
public interface FileContent {
    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    long size();

    /** The whole content in memory; for formats that are small by nature (status files, package.json). */
    byte[] bytes() throws IOException;

    /**
     * The content as a file on disk, for libraries that only open paths (SQLite) or need random access (ELF);
     * written to a private temporary file on first call if the content is in memory. Read-only by contract.
     */
    Path file() throws IOException;
}
