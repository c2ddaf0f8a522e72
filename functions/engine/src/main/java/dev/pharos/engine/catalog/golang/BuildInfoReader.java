package dev.pharos.engine.catalog.golang;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.catalog.CatalogException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds and decodes the build info blob the Go linker writes (cmd/link, read back by {@code debug/buildinfo}):
 * <pre>
 *   0  14 bytes  "\xff Go buildinf:"
 *  14  1 byte    pointer size (4 or 8)
 *  15  1 byte    flags: bit 0 big-endian pointers, bit 1 strings inline (Go 1.18+)
 *  16  16 bytes  Go 1.13-1.17: two pointers to Go string headers {data, len} (version, modinfo); else zero
 *  32            Go 1.18+: version and modinfo as uvarint-length-prefixed bytes
 * </pre>
 * The header starts on a 16-byte boundary within the first 64 KiB of the data start. The modinfo string is wrapped
 * in two 16-byte sentinels, the first followed by its text and the last preceded by a newline.
 */
final class BuildInfoReader {
    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final int ALIGN = 16;
    private static final int HEADER_SIZE = 32;
    private static final int SEARCH_WINDOW = 64 * 1024;
    private static final int FLAG_BIG_ENDIAN = 1;
    private static final int FLAG_INLINE = 2;
    private static final int SENTINEL = 16;
    /**
     * Module lists of the largest real programs (Kubernetes, Terraform) are tens of KiB; the old format's reader
     * gives up at 1 MiB too. Beyond this the binary is hostile or not Go.
     */
    static final int MAX_STRING_BYTES = 1 << 20;

    private BuildInfoReader() {
    }

    /** The build info, or empty when the file has no Go build info (a C program, say): that is no error. */
    static Optional<GoBuildInfo> read(ElfImage elf) throws IOException {
        Optional<Long> start = elf.dataStart();
        if (start.isEmpty()) {
            return Optional.empty();
        }
        Optional<ByteBuffer> window = elf.read(start.get(), SEARCH_WINDOW);
        if (window.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer data = window.get();
        Optional<Integer> header = findHeader(data);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        long headerAddr = start.get() + header.get();
        int pointerSize = data.get(header.get() + 14);
        int flags = data.get(header.get() + 15);
        if (pointerSize != 4 && pointerSize != 8) {
            throw new CatalogException("Go build info with pointer size " + pointerSize);
        }
        byte[] version;
        byte[] modInfo;
        if ((flags & FLAG_INLINE) != 0) {
            long[] cursor = {headerAddr + HEADER_SIZE};
            version = inlineBytes(elf, cursor);
            modInfo = inlineBytes(elf, cursor);
        } else {
            ByteOrder order = (flags & FLAG_BIG_ENDIAN) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer pointers = data.duplicate().order(order);
            version = pointedBytes(elf, order, pointerSize, pointer(pointers, header.get() + 16, pointerSize));
            modInfo = pointedBytes(elf, order, pointerSize,
                    pointer(pointers, header.get() + 16 + pointerSize, pointerSize));
        }
        if (version.length == 0) {
            throw new CatalogException("Go build info without a Go version");
        }
        return Optional.of(new GoBuildInfo(new String(version, StandardCharsets.UTF_8), stripSentinels(modInfo)));
    }

    private static Optional<Integer> findHeader(ByteBuffer data) {
        for (int at = 0; at + HEADER_SIZE <= data.limit(); at += ALIGN) {
            if (data.slice(at, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    /** A uvarint length (encoding/binary) then that many bytes; advances {@code cursor[0]}. */
    private static byte[] inlineBytes(ElfImage elf, long[] cursor) throws IOException {
        ByteBuffer prefix = elf.read(cursor[0], 10)
                .orElseThrow(() -> new CatalogException("Go build info string outside the file"));
        long length = 0;
        int shift = 0;
        int read = 0;
        while (true) {
            if (read == prefix.limit() || shift > 63) {
                throw new CatalogException("Go build info string length is not a valid varint");
            }
            int b = prefix.get(read++) & 0xff;
            length |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (b < 0x80) {
                break;
            }
        }
        byte[] value = bytesAt(elf, cursor[0] + read, length);
        cursor[0] += read + length;
        return value;
    }

    /** Go 1.13-1.17: the pointer leads to a string header {data pointer, length} in the program's data. */
    private static byte[] pointedBytes(ElfImage elf, ByteOrder order, int pointerSize, long headerAddr)
            throws IOException {
        ByteBuffer header = elf.read(headerAddr, 2 * pointerSize)
                .filter(buffer -> buffer.limit() == 2 * pointerSize)
                .orElseThrow(() -> new CatalogException("Go build info string header outside the file"))
                .order(order);
        return bytesAt(elf, pointer(header, 0, pointerSize), pointer(header, pointerSize, pointerSize));
    }

    private static byte[] bytesAt(ElfImage elf, long addr, long length) throws IOException {
        if (length < 0 || length > MAX_STRING_BYTES) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                    "Go build info string of " + Long.toUnsignedString(length) + " bytes exceeds " + MAX_STRING_BYTES);
        }
        if (length == 0) {
            return new byte[0];  // may sit exactly at the end of the mapped data
        }
        ByteBuffer bytes = elf.read(addr, (int) length)
                .filter(buffer -> buffer.limit() == length)
                .orElseThrow(() -> new CatalogException("Go build info string outside the file"));
        byte[] value = new byte[(int) length];
        bytes.get(value);
        return value;
    }

    private static long pointer(ByteBuffer buffer, int index, int pointerSize) {
        return pointerSize == 8 ? buffer.getLong(index) : Integer.toUnsignedLong(buffer.getInt(index));
    }

    /** As debug/buildinfo: text between the sentinels when it ends in a newline, else none (non-module build). */
    private static String stripSentinels(byte[] modInfo) {
        if (modInfo.length >= 2 * SENTINEL + 1 && modInfo[modInfo.length - SENTINEL - 1] == '\n') {
            return new String(modInfo, SENTINEL, modInfo.length - 2 * SENTINEL, StandardCharsets.UTF_8);
        }
        return "";
    }
}
