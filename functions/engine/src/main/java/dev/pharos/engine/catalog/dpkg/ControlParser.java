package dev.pharos.engine.catalog.dpkg;

import dev.pharos.engine.catalog.CatalogException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Debian control data (Debian Policy 5.1), the format of {@code var/lib/dpkg/status}: paragraphs separated
 * by blank lines (empty or only spaces and tabs), each a list of {@code Name: value} fields; a line starting with
 * a space or tab continues the previous field. Field names are case-insensitive and appear once per paragraph.
 */
final class ControlParser {
    private ControlParser() {
    }

    /** One paragraph and the line it starts on (for error messages). */
    record Stanza(int line, Map<String, String> fields) {
        Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    static List<Stanza> parse(InputStream in) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Stanza> stanzas = new ArrayList<>();
        Map<String, String> fields = newFields();
        String lastField = null;
        int start = 0;
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    stanzas.add(new Stanza(start, fields));
                    fields = newFields();
                }
                lastField = null;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (lastField == null) {
                    throw new CatalogException("line " + number + ": continuation line without a field");
                }
                fields.merge(lastField, line.strip(), (value, more) -> value + "\n" + more);
            } else {
                lastField = field(line, number);
                if (fields.isEmpty()) {
                    start = number;
                }
                if (fields.putIfAbsent(lastField, line.substring(line.indexOf(':') + 1).strip()) != null) {
                    throw new CatalogException("line " + number + ": field " + lastField + " repeated in a paragraph");
                }
            }
        }
        if (!fields.isEmpty()) {
            stanzas.add(new Stanza(start, fields));
        }
        return stanzas;
    }

    /** Policy 5.1: a name of printable US-ASCII without colon or space, not starting with {@code #} or {@code -}. */
    private static String field(String line, int number) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon) : "";
        boolean valid = !name.isEmpty() && name.charAt(0) != '#' && name.charAt(0) != '-'
                && name.chars().allMatch(c -> c > 32 && c < 127);
        if (!valid) {
            throw new CatalogException("line " + number + ": not a control field");
        }
        return name;
    }

    private static Map<String, String> newFields() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }
}
