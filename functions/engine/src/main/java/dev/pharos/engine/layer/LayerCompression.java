package dev.pharos.engine.layer;

import dev.pharos.core.error.PharosException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Picks the decompressor for a layer blob. The media type must be a layer type we know (image-spec
 * media-types.md and layer.md; Docker's {@code rootfs.diff.tar.gzip}), but the bytes decide the codec: gzip magic
 * {@code 1f 8b} (RFC 1952), zstd frame magic {@code 28 b5 2f fd} (RFC 8878), else a plain tar. Sniffing matters
 * because {@code docker save} archives and some registries label uncompressed or zstd layers as gzip.
 */
final class LayerCompression {
    private static final Set<String> LAYER_TYPES = Set.of(
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    private LayerCompression() {
    }

    /** The decompressed tar stream of {@code blob}; closing it closes {@code blob}. */
    static InputStream decompress(InputStream blob, String mediaType, String digest) throws IOException {
        String type = mediaType.split(";")[0].trim();
        if (!LAYER_TYPES.contains(type)) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, "layer " + digest + " has media type "
                    + mediaType + ", which is not a (gzip/zstd/uncompressed) tar layer");
        }
        BufferedInputStream buffered = new BufferedInputStream(blob, 64 * 1024);
        buffered.mark(4);
        byte[] magic = buffered.readNBytes(4);
        buffered.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            // Concatenated members are valid gzip (RFC 1952 2.2) and pigz-style writers produce them.
            return GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            // zstd-jni refuses frames whose window exceeds its default limit (2^27 bytes), which bounds the memory
            // a hostile frame header can ask for.
            return new ZstdCompressorInputStream(buffered);
        }
        return buffered;
    }
}
