package dev.pharos.engine.catalog.golang;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes minimal ELF executables holding Go build info, laid out per the System V ABI and the Go linker's build
 * info format (see {@link BuildInfoReader}), so tests build small Go "binaries" of every variant instead of committing real multi-MB ones.
 * One PT_LOAD segment maps the data at {@link #BASE}; the section table names it {@code .go.buildinfo} unless
 * {@code withSection} is false (then readers must fall back to the writable segment, as for stripped tables).
 */
final class GoBinaries {
    static final long BASE = 0x500000;
    /** Padding so the files pass {@link GolangCataloger#wants}' minimum size, as every real Go binary does. */
    static final int PADDED_SIZE = 96 * 1024;
    private static final int DATA_OFFSET = 0x1000;
    /** The 16-byte sentinels cmd/go wraps module info in (runtime/debug), as seen in real binaries. */
    static final byte[] SENTINEL_START = bytes(0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07,
            0xe6, 0xd6, 0x18, 0xe6);
    static final byte[] SENTINEL_END = bytes(0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10,
            0x41, 0x16, 0xd8, 0xf2);

    private GoBinaries() {
    }

    /** Go 1.18+ layout: flags 0x2, version and module info inline after the 32-byte header. */
    static byte[] inline(String goVersion, String modInfo) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(header(8, 0x2, new byte[16]));
        writeVarintString(data, goVersion.getBytes(StandardCharsets.UTF_8));
        writeVarintString(data, wrapped(modInfo));
        return data.toByteArray();
    }

    /** Go 1.13-1.17 layout: two pointers to string headers {data, len}, all within the mapped data. */
    static byte[] pointers(String goVersion, String modInfo, int pointerSize, ByteOrder order) {
        byte[] version = goVersion.getBytes(StandardCharsets.UTF_8);
        byte[] mod = wrapped(modInfo);
        int headers = 32;
        int strings = headers + 4 * pointerSize;
        ByteBuffer data = ByteBuffer.allocate(strings + version.length + mod.length).order(order);
        data.put(header(pointerSize, order == ByteOrder.BIG_ENDIAN ? 0x1 : 0x0, new byte[16]));
        data.position(16);
        putPointer(data, pointerSize, BASE + headers);
        putPointer(data, pointerSize, BASE + headers + 2L * pointerSize);
        data.position(headers);
        putPointer(data, pointerSize, BASE + strings);
        putPointer(data, pointerSize, version.length);
        putPointer(data, pointerSize, BASE + strings + version.length);
        putPointer(data, pointerSize, mod.length);
        data.put(version).put(mod);
        return data.array();
    }

    static byte[] header(int pointerSize, int flags, byte[] sixteen) {
        byte[] header = new byte[32];
        byte[] magic = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(magic, 0, header, 0, magic.length);
        header[14] = (byte) pointerSize;
        header[15] = (byte) flags;
        System.arraycopy(sixteen, 0, header, 16, 16);
        return header;
    }

    static byte[] wrapped(String modInfo) {
        if (modInfo.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SENTINEL_START);
        out.writeBytes(modInfo.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(SENTINEL_END);
        return out.toByteArray();
    }

    static void writeVarintString(ByteArrayOutputStream out, byte[] value) {
        long length = value.length;
        while (length >= 0x80) {
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.writeBytes(value);
    }

    static byte[] elf64(byte[] data, boolean withSection) {
        return elf(data, withSection, true, ByteOrder.LITTLE_ENDIAN);
    }

    /** An executable ELF whose one writable segment maps {@code data} at {@link #BASE}, padded. */
    static byte[] elf(byte[] data, boolean withSection, boolean is64, ByteOrder order) {
        byte[] names = "\0.go.buildinfo\0.shstrtab\0".getBytes(StandardCharsets.ISO_8859_1);
        int ehsize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        int shentsize = is64 ? 64 : 40;
        int namesOffset = DATA_OFFSET + data.length;
        int shoff = (namesOffset + names.length + 7) & ~7;
        int shnum = withSection ? 3 : 0;
        ByteBuffer elf = ByteBuffer.allocate(Math.max(PADDED_SIZE, shoff + shnum * shentsize)).order(order);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.BIG_ENDIAN ? 2 : 1),
            1});
        elf.position(16);
        elf.putShort((short) 2).putShort((short) (is64 ? 62 : 8)).putInt(1);
        if (is64) {
            elf.putLong(BASE).putLong(ehsize).putLong(withSection ? shoff : 0);
        } else {
            elf.putInt((int) BASE).putInt(ehsize).putInt(withSection ? shoff : 0);
        }
        elf.putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) 1)
                .putShort((short) shentsize).putShort((short) shnum).putShort((short) (withSection ? 2 : 0));
        // PT_LOAD, read+write (PF_R|PF_W = 6)
        elf.position(ehsize);
        if (is64) {
            elf.putInt(1).putInt(6).putLong(DATA_OFFSET).putLong(BASE).putLong(BASE)
                    .putLong(data.length).putLong(data.length).putLong(0x1000);
        } else {
            elf.putInt(1).putInt(DATA_OFFSET).putInt((int) BASE).putInt((int) BASE)
                    .putInt(data.length).putInt(data.length).putInt(6).putInt(0x1000);
        }
        elf.put(DATA_OFFSET, data);
        elf.put(namesOffset, names);
        if (withSection) {
            elf.position(shoff + shentsize);
            section(elf, is64, 1, 1, BASE, DATA_OFFSET, data.length);
            section(elf, is64, 15, 3, 0, namesOffset, names.length);
        }
        return elf.array();
    }

    private static void section(ByteBuffer elf, boolean is64, int name, int type, long addr, long offset, long size) {
        int start = elf.position();
        elf.putInt(name).putInt(type);
        if (is64) {
            elf.putLong(0).putLong(addr).putLong(offset).putLong(size);
            elf.position(start + 64);
        } else {
            elf.putInt(0).putInt((int) addr).putInt((int) offset).putInt((int) size);
            elf.position(start + 40);
        }
    }

    private static void putPointer(ByteBuffer buffer, int pointerSize, long value) {
        if (pointerSize == 8) {
            buffer.putLong(value);
        } else {
            buffer.putInt((int) value);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
