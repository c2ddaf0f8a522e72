package dev.pharos.engine.catalog.os;

import dev.pharos.engine.catalog.CatalogException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an {@code os-release} file (freedesktop.org os-release(5)): newline-separated {@code KEY=value}
 * assignments in a shell-compatible subset, {@code #} comment lines, blank lines. Values may be unquoted or in
 * single or double quotes; inside double quotes and unquoted, a backslash escapes {@code $ " ' \ `}. Nothing is
 * expanded or executed.
 */
final class OsReleaseParser {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private OsReleaseParser() {
    }

    /**
     * The assignments, later ones winning as in a shell. Lines that are not assignments are skipped, as systemd's
     * own parser does; a file without any assignment, or with a quote left open, is not an os-release file.
     */
    static Map<String, String> parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq < 0 || !KEY.matcher(line.substring(0, eq)).matches()) {
                continue;
            }
            values.put(line.substring(0, eq), unquote(line.substring(eq + 1), i + 1));
        }
        if (values.isEmpty()) {
            throw new CatalogException("no KEY=value assignment: not an os-release file");
        }
        return values;
    }

    private static String unquote(String raw, int lineNumber) {
        StringBuilder value = new StringBuilder(raw.length());
        char quote = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    value.append(c);
                }
            } else if (c == '\\' && i + 1 < raw.length() && "$\"'\\`".indexOf(raw.charAt(i + 1)) >= 0) {
                value.append(raw.charAt(++i));
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    value.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else {
                value.append(c);
            }
        }
        if (quote != 0) {
            throw new CatalogException("line " + lineNumber + ": quote " + quote + " is never closed");
        }
        return value.toString();
    }
}
