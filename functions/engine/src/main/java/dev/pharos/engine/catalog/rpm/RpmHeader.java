package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One RPM header as rpmdb stores it (RPM file format, "Header structure"; rpm's {@code lib/header.c}): a count
 * of index entries and the size of the data store, both big-endian 32-bit, then the 16-byte index entries
 * ({@code tag, type, offset, count}), then the data store. The 8-byte header magic that precedes headers in
 * package files is not stored in the database, but is accepted when present.
 * <p>
 * Every offset and length is checked against the blob, so a hostile header cannot read outside it.
 */
final class RpmHeader {
    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int EPOCH = 1003;
    static final int ARCH = 1022;
    static final int SOURCERPM = 1044;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    /** rpm's own bounds (HEADER_TAGS_MAX, HEADER_DATA_MAX); a header beyond them is not one rpm wrote. */
    private static final int MAX_ENTRIES = 0xffff;
    private static final int MAX_DATA = 0x0fffffff;
    private static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01};

    private record Entry(int type, int offset, int count) {
    }

    private final Map<Integer, Entry> entries;
    private final ByteBuffer data;

    private RpmHeader(Map<Integer, Entry> entries, ByteBuffer data) {
        this.entries = entries;
        this.data = data;
    }

    static RpmHeader parse(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        if (blob.length >= 8 && ByteBuffer.wrap(MAGIC).equals(buffer.slice(0, 4))) {
            buffer.position(8);
        }
        if (buffer.remaining() < 8) {
            throw new CatalogException("rpm header of " + blob.length + " bytes is truncated");
        }
        int count = buffer.getInt();
        int dataLength = buffer.getInt();
        if (count < 1 || count > MAX_ENTRIES || dataLength < 0 || dataLength > MAX_DATA
                || (long) count * 16 + dataLength != buffer.remaining()) {
            throw new CatalogException("rpm header sizes (" + count + " entries, " + dataLength
                    + " data bytes) do not match its " + blob.length + " bytes");
        }
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int tag = buffer.getInt();
            Entry entry = new Entry(buffer.getInt(), buffer.getInt(), buffer.getInt());
            if (entry.offset() < 0 || entry.offset() >= dataLength || entry.count() < 0) {
                throw new CatalogException("rpm header tag " + tag + " points outside the data store");
            }
            entries.putIfAbsent(tag, entry);
        }
        return new RpmHeader(entries, buffer.slice(buffer.position(), dataLength));
    }

    /** The tag's value if it is a string, or the first string of an array or translated string. */
    Optional<String> string(int tag) {
        Entry entry = entries.get(tag);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.type() != TYPE_STRING && entry.type() != TYPE_STRING_ARRAY && entry.type() != TYPE_I18NSTRING) {
            throw new CatalogException("rpm header tag " + tag + " has type " + entry.type() + ", not a string");
        }
        int end = entry.offset();
        while (end < data.limit() && data.get(end) != 0) {
            end++;
        }
        if (end == data.limit()) {
            throw new CatalogException("rpm header tag " + tag + " string is not terminated in the data store");
        }
        byte[] bytes = new byte[end - entry.offset()];
        data.get(entry.offset(), bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    Optional<Integer> int32(int tag) {
        Entry entry = entries.get(tag);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.type() != TYPE_INT32 || entry.count() < 1 || entry.offset() > data.limit() - 4) {
            throw new CatalogException("rpm header tag " + tag + " is not a 32-bit integer in the data store");
        }
        return Optional.of(data.getInt(entry.offset()));
    }
}
