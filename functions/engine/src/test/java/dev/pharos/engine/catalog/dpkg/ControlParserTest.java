package dev.pharos.engine.catalog.dpkg;

import dev.pharos.engine.catalog.CatalogException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlParserTest {
    private static List<ControlParser.Stanza> parse(String text) throws IOException {
        return ControlParser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void continuationLinesWhitespaceOnlySeparatorsAndCaseInsensitiveNames() throws IOException {
        var stanzas = parse("\n\nPackage: a\nDescription: short\n long\n .\n\tmore\n \t \nPACKAGE: b\nversion:1\n");
        assertThat(stanzas).hasSize(2);
        assertThat(stanzas.get(0).line()).isEqualTo(3);
        assertThat(stanzas.get(0).field("Description")).contains("short\nlong\n.\nmore");
        assertThat(stanzas.get(1).line()).isEqualTo(9);
        assertThat(stanzas.get(1).field("Package")).contains("b");
        assertThat(stanzas.get(1).field("Version")).contains("1");
    }

    @Test
    void rejectsWhatPolicyForbids() {
        assertThatThrownBy(() -> parse(" continued\n")).isInstanceOf(CatalogException.class)
                .hasMessage("line 1: continuation line without a field");
        assertThatThrownBy(() -> parse("Package: a\npackage: b\n")).isInstanceOf(CatalogException.class)
                .hasMessage("line 2: field package repeated in a paragraph");
        assertThatThrownBy(() -> parse("Package: a\n-Bad: b\n")).isInstanceOf(CatalogException.class)
                .hasMessage("line 2: not a control field");
        assertThatThrownBy(() -> parse("\u0000\u0001ELF")).isInstanceOf(CatalogException.class)
                .hasMessage("line 1: not a control field");
    }
}
