package dev.pharos.engine.catalog.java;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds test archives: fat jars, WARs and EARs assembled from the real jars that the build copies into
 * {@code target/java-fixtures} (maven-dependency-plugin, see this module's pom).
 */
final class Jars {
    static final Path REAL = Path.of("target/java-fixtures");
    static final Path LOG4J_CORE = REAL.resolve("log4j-core-2.14.1.jar");
    static final Path JACKSON_DATABIND = REAL.resolve("jackson-databind-2.9.10.1.jar");
    static final Path SPRING_BEANS = REAL.resolve("spring-beans-5.3.17.jar");
    static final Path SPRING_CORE = REAL.resolve("spring-core-5.3.17.jar");

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, Boolean> stored = new LinkedHashMap<>();

    static Jars archive() {
        return new Jars();
    }

    Jars text(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Jars add(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    /** Uncompressed, as Spring Boot stores {@code BOOT-INF/lib/} jars. */
    Jars stored(String name, byte[] content) {
        stored.put(name, true);
        return add(name, content);
    }

    /** Every entry of a real jar that {@code keep} accepts, as it is. */
    Jars copyOf(Path jar, Predicate<String> keep) {
        try (var zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory() && keep.test(e.getName())).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    add(entry.getName(), in.readAllBytes());
                }
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] entry(Path jar, String name) throws IOException {
        try (var zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    byte[] bytes() {
        try (var buffer = new java.io.ByteArrayOutputStream()) {
            write(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
        return file;
    }

    private void write(OutputStream out) throws IOException {
        try (var zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                var zipEntry = new ZipEntry(entry.getKey());
                if (stored.containsKey(entry.getKey())) {
                    var crc = new CRC32();
                    crc.update(entry.getValue());
                    zipEntry.setMethod(ZipEntry.STORED);
                    zipEntry.setSize(entry.getValue().length);
                    zipEntry.setCrc(crc.getValue());
                }
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }
}
