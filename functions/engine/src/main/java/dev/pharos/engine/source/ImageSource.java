package dev.pharos.engine.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where an image comes from: a registry (HTTP API v2), an OCI image layout directory, or a {@code docker save}
 * archive. Implementations enforce the manifest/config size and layer-count limits while resolving.
 */
public interface ImageSource extends AutoCloseable {
    /** Resolves the image, selecting the configured platform from an index or manifest list. */
    ResolvedImage resolve() throws IOException;

    /**
     * The blob's stored bytes (compressed for layers). The stream verifies the digest as it is read and throws a
     * {@code DIGEST_MISMATCH} {@link dev.pharos.core.error.PharosException} at the end if it does not match, or
     * as soon as more bytes arrive than the descriptor's size.
     */
    InputStream openBlob(Descriptor blob) throws IOException;

    @Override
    void close() throws IOException;
}
