package dev.pharos.engine.source;

import java.util.Objects;

/**
 * An OCI content descriptor (image-spec {@code descriptor.md}): what a manifest says about a blob.
 *
 * @param digest {@code algorithm:hex}, e.g. {@code sha256:...}
 * @param size   bytes of the blob as stored (compressed, for layers)
 */
public record Descriptor(String mediaType, String digest, long size) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + digest);
        }
    }
}
