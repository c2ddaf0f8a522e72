package dev.pharos.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * OSV records for import tests: the engine's matching suite (transcribed public advisories), as files or as an
 * {@code all.zip} built here the way OSV publishes it (one {@code <id>.json} entry per record).
 */
public final class Advisories {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Advisories() {
    }

    public static Path suite() {
        return Path.of(System.getProperty("pharos.repo.root", "../.."),
                "functions/engine/src/test/resources/vuln/suite/advisories");
    }

    /** Every suite record by id, as JSON bytes. */
    public static Map<String, byte[]> suiteRecords() {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(suite())) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                byte[] json = Files.readAllBytes(file);
                records.put(JSON.readTree(json).get("id").asText(), json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /**
     * The suite's records with their ids, aliases and upstream ids prefixed, so that a test owns its advisories in a
     * database other tests import the originals into, and lookups by alias do not meet them.
     */
    public static Map<String, byte[]> renamed(String prefix) {
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        suiteRecords().forEach((id, json) -> {
            try {
                ObjectNode record = (ObjectNode) JSON.readTree(json);
                record.put("id", prefix + id);
                for (String field : List.of("aliases", "upstream")) {
                    if (record.get(field) instanceof ArrayNode ids) {
                        for (int i = 0; i < ids.size(); i++) {
                            ids.set(i, prefix + ids.get(i).asText());
                        }
                    }
                }
                renamed.put(prefix + id, JSON.writeValueAsBytes(record));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return renamed;
    }

    /** An all.zip of the records, plus extra entries as given (name to content). */
    public static byte[] zip(Map<String, byte[]> records, Map<String, byte[]> extra) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                zip.putNextEntry(new ZipEntry(record.getKey() + ".json"));
                zip.write(record.getValue());
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the records as {@code <id>.json} files into {@code directory}. */
    public static void write(Map<String, byte[]> records, Path directory) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                Files.write(directory.resolve(record.getKey() + ".json"), record.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> ids(Map<String, byte[]> records) {
        return List.copyOf(records.keySet());
    }
}
