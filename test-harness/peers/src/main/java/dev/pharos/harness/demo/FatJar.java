package dev.pharos.harness.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a jar the way Spring Boot's repackager lays one out: the application's own entries (manifest first, then
 * {@code META-INF/maven/.../pom.properties}, {@code BOOT-INF/classes/}, {@code BOOT-INF/classpath.idx}) and its
 * dependencies as whole jars under {@code BOOT-INF/lib/}. Nested jars are STORED, not deflated: Spring Boot's
 * launcher reads them in place and refuses compressed ones ("Executable Jar Format", nested JARs section).
 */
final class FatJar {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    /** Fixed entry times: the same inputs give the same bytes, hence the same layer digests. */
    private static final long MTIME_MILLIS = 946_684_800_000L;

    private FatJar() {
    }

    /**
     * @param application a directory holding the application's entries at their paths inside the jar
     * @param libraries   dependency jars, stored under {@code BOOT-INF/lib/<file name>}
     */
    static byte[] build(Path application, List<Path> libraries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(application)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(file -> application.relativize(file).toString().replace('\\', '/'))
                    // JarInputStream finds the manifest only as the first entries (JAR File Specification).
                    .sorted((a, b) -> a.equals(MANIFEST) ? -1 : b.equals(MANIFEST) ? 1 : a.compareTo(b))
                    .toList();
            for (String name : names) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(MTIME_MILLIS);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(application.resolve(name)));
                zip.closeEntry();
            }
            for (Path library : libraries) {
                byte[] content = Files.readAllBytes(library);
                ZipEntry entry = new ZipEntry("BOOT-INF/lib/" + library.getFileName());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                entry.setCrc(crc.getValue());
                entry.setTime(MTIME_MILLIS);
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the fat jar from " + application, e);
        }
        return bytes.toByteArray();
    }
}
