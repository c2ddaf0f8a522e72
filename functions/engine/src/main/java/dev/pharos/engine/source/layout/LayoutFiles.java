package dev.pharos.engine.source.layout;

import java.io.IOException;
import java.io.InputStream;

/**
 * The files of an OCI image layout, wherever they are stored: a directory ({@link OciLayoutSource}) or the members of
 * a {@code docker save} tar (Docker 25 and later write a layout inside it).
 */
@FunctionalInterface
public interface LayoutFiles {
    /**
     * Opens a file by its path relative to the layout root ({@code index.json}, {@code blobs/sha256/<hex>}).
     *
     * @throws java.nio.file.NoSuchFileException if there is no such regular file
     */
    InputStream open(String relativePath) throws IOException;
}
