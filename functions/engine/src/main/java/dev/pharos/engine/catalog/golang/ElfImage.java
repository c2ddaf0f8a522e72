package dev.pharos.engine.catalog.golang;

import dev.pharos.engine.catalog.CatalogException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The little of an ELF file (System V ABI, "Object Files") that locating Go build info needs: the section table for
 * {@code .go.buildinfo} and the loadable segments, to read bytes by virtual address as the loader maps them. Both
 * classes (32/64-bit) and both byte orders. Every offset and count from the file is checked against its size.
 */
final class ElfImage {
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    private static final int PT_LOAD = 1;
    private static final int PF_X = 1;
    private static final int PF_W = 2;
    private static final int SHT_NOBITS = 8;
    /** e_shstrndx value meaning "the real index is elsewhere" (extended numbering); we then use segments only. */
    private static final int SHN_XINDEX = 0xffff;

    private final SeekableByteChannel channel;
    private final long fileSize;
    private final ByteOrder order;
    private final List<Segment> loads;
    private final List<Section> sections;

    /** A {@code PT_LOAD} program header. */
    private record Segment(long offset, long vaddr, long fileSize, int flags) {
    }

    /** A section header with its name resolved. */
    private record Section(String name, long addr, int type) {
    }

    private ElfImage(SeekableByteChannel channel, long fileSize, ByteOrder order, List<Segment> loads,
                     List<Section> sections) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.order = order;
        this.loads = loads;
        this.sections = sections;
    }

    /** Reads the ELF header, program headers and section names; the caller checked the magic. */
    static ElfImage read(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer ident = readAt(channel, size, 0, 64);
        boolean is64 = switch (ident.get(4)) {
            case 1 -> false;
            case 2 -> true;
            default -> throw new CatalogException("ELF class " + ident.get(4) + " is neither 32- nor 64-bit");
        };
        ByteOrder order = switch (ident.get(5)) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new CatalogException("ELF data encoding " + ident.get(5) + " is unknown");
        };
        ByteBuffer header = ident.order(order);
        long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
        long shoff = is64 ? header.getLong(40) : Integer.toUnsignedLong(header.getInt(32));
        int at = is64 ? 54 : 42;
        int phentsize = Short.toUnsignedInt(header.getShort(at));
        int phnum = Short.toUnsignedInt(header.getShort(at + 2));
        int shentsize = Short.toUnsignedInt(header.getShort(at + 4));
        int shnum = Short.toUnsignedInt(header.getShort(at + 6));
        int shstrndx = Short.toUnsignedInt(header.getShort(at + 8));

        List<Segment> loads = new ArrayList<>();
        if (phnum > 0) {
            requireEntrySize(phentsize, is64 ? 56 : 32, "program");
            ByteBuffer table = readAt(channel, size, phoff, (long) phnum * phentsize).order(order);
            for (int i = 0; i < phnum; i++) {
                int base = i * phentsize;
                if (table.getInt(base) == PT_LOAD) {
                    loads.add(is64
                            ? new Segment(table.getLong(base + 8), table.getLong(base + 16), table.getLong(base + 32),
                            table.getInt(base + 4))
                            : new Segment(u32(table, base + 4), u32(table, base + 8), u32(table, base + 16),
                            table.getInt(base + 24)));
                }
            }
        }
        List<Section> sections = shnum == 0 || shstrndx >= shnum || shstrndx == SHN_XINDEX ? List.of()
                : sections(channel, size, order, is64, shoff, shentsize, shnum, shstrndx);
        return new ElfImage(channel, size, order, List.copyOf(loads), sections);
    }

    private static List<Section> sections(SeekableByteChannel channel, long size, ByteOrder order, boolean is64,
                                          long shoff, int shentsize, int shnum, int shstrndx) throws IOException {
        requireEntrySize(shentsize, is64 ? 64 : 40, "section");
        ByteBuffer table = readAt(channel, size, shoff, (long) shnum * shentsize).order(order);
        int strBase = shstrndx * shentsize;
        long strOffset = is64 ? table.getLong(strBase + 24) : u32(table, strBase + 16);
        long strSize = is64 ? table.getLong(strBase + 32) : u32(table, strBase + 20);
        // Section names are short; a name table larger than this is not one a linker wrote.
        if (strSize > 1 << 20) {
            throw new CatalogException("ELF section name table of " + strSize + " bytes");
        }
        ByteBuffer names = readAt(channel, size, strOffset, strSize);
        List<Section> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int base = i * shentsize;
            long addr = is64 ? table.getLong(base + 16) : u32(table, base + 12);
            sections.add(new Section(cString(names, table.getInt(base)), addr, table.getInt(base + 4)));
        }
        return List.copyOf(sections);
    }

    /**
     * Where Go's build info lives, as {@code debug/buildinfo} looks for it: the {@code .go.buildinfo} section (Go
     * 1.13+ linkers), else the start of the first writable, non-executable loadable segment (the data segment).
     */
    Optional<Long> dataStart() {
        Optional<Long> section = sections.stream()
                .filter(s -> s.name().equals(".go.buildinfo") && s.type() != SHT_NOBITS)
                .map(Section::addr)
                .findFirst();
        return section.or(() -> loads.stream()
                .filter(load -> (load.flags() & (PF_X | PF_W)) == PF_W)
                .map(Segment::vaddr)
                .findFirst());
    }

    ByteOrder order() {
        return order;
    }

    /**
     * Up to {@code length} bytes at virtual address {@code addr}, as far as the segment that maps it holds them in
     * the file (fewer at a segment's end); empty when no segment maps the address.
     */
    Optional<ByteBuffer> read(long addr, int length) throws IOException {
        for (Segment load : loads) {
            if (Long.compareUnsigned(addr, load.vaddr()) >= 0
                    && Long.compareUnsigned(addr - load.vaddr(), load.fileSize()) < 0) {
                long available = load.fileSize() - (addr - load.vaddr());
                int n = (int) Math.min(length, available);
                return Optional.of(readAt(channel, fileSize, load.offset() + (addr - load.vaddr()), n));
            }
        }
        return Optional.empty();
    }

    private static ByteBuffer readAt(SeekableByteChannel channel, long size, long offset, long length)
            throws IOException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset > size || length > size - offset) {
            throw new CatalogException("ELF structure points outside the file: " + length + " bytes at offset "
                    + Long.toUnsignedString(offset) + " of " + size);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        channel.position(offset);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("ELF file ended early at offset " + (offset + buffer.position()));
            }
        }
        return buffer.flip();
    }

    /** Real entries are exactly the minimum; the upper bound keeps a table of 65535 entries to a few MiB. */
    private static void requireEntrySize(int actual, int minimum, String table) {
        if (actual < minimum || actual > 256) {
            throw new CatalogException("ELF " + table + " header entries of " + actual + " bytes");
        }
    }

    private static long u32(ByteBuffer buffer, int index) {
        return Integer.toUnsignedLong(buffer.getInt(index));
    }

    private static String cString(ByteBuffer table, int offset) {
        if (offset < 0 || offset >= table.limit()) {
            return "";
        }
        int end = offset;
        while (end < table.limit() && table.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - offset];
        table.get(offset, name);
        return new String(name, StandardCharsets.UTF_8);
    }
}
