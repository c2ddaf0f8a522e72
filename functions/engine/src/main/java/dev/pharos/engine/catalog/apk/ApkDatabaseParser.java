package dev.pharos.engine.catalog.apk;

import dev.pharos.engine.catalog.CatalogException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads apk's installed database {@code lib/apk/db/installed} (Alpine wiki, "Apk spec", installed database): one
 * record per package, separated by blank lines, each line a one-letter key, a colon and a value ({@code P:} name,
 * {@code V:} version, {@code A:} architecture, {@code o:} origin, and repeated {@code F:}/{@code R:}/{@code Z:}
 * lines for the files).
 */
final class ApkDatabaseParser {
    private ApkDatabaseParser() {
    }

    /** One package record; repeated keys (file lists) keep their first value, which is all a package needs. */
    record Record(int line, Map<Character, String> fields) {
        Optional<String> field(char key) {
            return Optional.ofNullable(fields.get(key));
        }
    }

    static List<Record> parse(InputStream in) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Record> records = new ArrayList<>();
        Map<Character, String> fields = new HashMap<>();
        int start = 0;
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isEmpty()) {
                if (!fields.isEmpty()) {
                    records.add(new Record(start, fields));
                    fields = new HashMap<>();
                }
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':' || !Character.isLetter(line.charAt(0))) {
                throw new CatalogException("line " + number + ": not a 'K:value' line of an apk database");
            }
            if (fields.isEmpty()) {
                start = number;
            }
            fields.putIfAbsent(line.charAt(0), line.substring(2));
        }
        if (!fields.isEmpty()) {
            records.add(new Record(start, fields));
        }
        return records;
    }
}
