package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.SourcePackage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Headers built by hand after the RPM file format's header structure, to reach the bounds checks. */
class RpmHeaderTest {
    private static byte[] header(int[][] entries, byte[] data) throws IOException {
        var bytes = new ByteArrayOutputStream();
        var out = new DataOutputStream(bytes);
        out.writeInt(entries.length);
        out.writeInt(data.length);
        for (int[] entry : entries) {
            for (int field : entry) {
                out.writeInt(field);
            }
        }
        out.write(data);
        return bytes.toByteArray();
    }

    @Test
    void readsStringsAndIntegers() throws IOException {
        byte[] data = "name\0\0\0\0\0\0\0\7".getBytes(StandardCharsets.US_ASCII);
        var header = RpmHeader.parse(header(new int[][] {{1000, 6, 0, 1}, {1003, 4, 8, 1}}, data));
        assertThat(header.string(RpmHeader.NAME)).contains("name");
        assertThat(header.int32(RpmHeader.EPOCH)).contains(7);
        assertThat(header.string(RpmHeader.SOURCERPM)).isEmpty();
    }

    @Test
    void rejectsOffsetsAndStringsOutsideTheDataStore() throws IOException {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> RpmHeader.parse(header(new int[][] {{1000, 6, 3, 1}}, data)))
                .isInstanceOf(CatalogException.class).hasMessage("rpm header tag 1000 points outside the data store");
        var unterminated = RpmHeader.parse(header(new int[][] {{1000, 6, 0, 1}, {1003, 4, 1, 1}}, data));
        assertThatThrownBy(() -> unterminated.string(RpmHeader.NAME)).isInstanceOf(CatalogException.class)
                .hasMessage("rpm header tag 1000 string is not terminated in the data store");
        assertThatThrownBy(() -> unterminated.int32(RpmHeader.EPOCH)).isInstanceOf(CatalogException.class)
                .hasMessage("rpm header tag 1003 is not a 32-bit integer in the data store");
    }

    @Test
    void rejectsSizesThatDisagreeWithTheBlob() throws IOException {
        byte[] valid = header(new int[][] {{1000, 6, 0, 1}}, "a\0".getBytes(StandardCharsets.US_ASCII));
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> RpmHeader.parse(longer)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("do not match its 27 bytes");
        assertThatThrownBy(() -> RpmHeader.parse(new byte[] {0, 0, 0x7f, 0x7f, 0, 0, 0, 0}))
                .isInstanceOf(CatalogException.class).hasMessageContaining("32639 entries");
        assertThatThrownBy(() -> RpmHeader.parse(new byte[3])).isInstanceOf(CatalogException.class)
                .hasMessage("rpm header of 3 bytes is truncated");
    }

    @Test
    void sourceRpmSplitsFromTheRightAndTakesTheBinarysEpoch() {
        assertThat(SourceRpm.parse("python3-dateutil-2.8.1-6.el9.src.rpm", Optional.empty()))
                .isEqualTo(new SourcePackage("python3-dateutil", "2.8.1-6.el9"));
        assertThat(SourceRpm.parse("vim-8.2.2637-20.el9_1.nosrc.rpm", Optional.of(2)))
                .isEqualTo(new SourcePackage("vim", "2:8.2.2637-20.el9_1"));
        assertThatThrownBy(() -> SourceRpm.parse("vim-8.2.src.rpm", Optional.empty()))
                .isInstanceOf(CatalogException.class);
        assertThatThrownBy(() -> SourceRpm.parse("vim-8.2-1.rpm", Optional.empty()))
                .isInstanceOf(CatalogException.class);
    }
}
