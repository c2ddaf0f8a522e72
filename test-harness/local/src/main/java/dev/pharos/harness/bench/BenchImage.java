package dev.pharos.harness.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The engine bench's images, generated and deterministic (a fixed seed), shaped like a real application image: a
 * base layer with an OS, its package database and a few hundred MB of mostly compressible files, and an app layer
 * with jars, node modules and Python packages. Byte content is pseudo-random text so gzip ratios resemble real
 * files (about 3:1) rather than zeros (which would make the decompression floor meaninglessly fast).
 */
final class BenchImage {
    private static final String WORDS = "alpha beta gamma delta epsilon zeta theta lambda sigma omega kernel "
            + "package library module version config service handler request response buffer stream ";

    private BenchImage() {
    }

    /** Base layer files: about {@code megabytes} MB before compression. */
    static Map<String, byte[]> base(int megabytes) {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("etc/os-release", text("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                ID=debian
                """));
        StringBuilder status = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            status.append("Package: lib").append(i).append("\nStatus: install ok installed\nPriority: optional\n")
                    .append("Architecture: amd64\nSource: src").append(i / 4).append(" (1.").append(i % 7)
                    .append("-1)\nVersion: 1.").append(i % 7).append("-1+b1\nDescription: bench package ")
                    .append(i).append("\n\n");
        }
        files.put("var/lib/dpkg/status", text(status.toString()));
        long budget = (long) megabytes << 20;
        for (int i = 0; budget > 0; i++) {
            int size = (int) Math.min(budget, 4_096 + random.nextInt(2 << 20));
            files.put("usr/share/bench/d" + (i % 64) + "/f" + i + ".txt", words(random, size));
            budget -= size;
        }
        return files;
    }

    /** App layer files: a few jars' worth of identities, node modules and Python packages. */
    static Map<String, byte[]> app() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String name = "mod" + i;
            files.put("app/node_modules/" + name + "/package.json",
                    text("{\"name\":\"" + name + "\",\"version\":\"1." + i % 10 + ".0\"}"));
        }
        for (int i = 0; i < 30; i++) {
            files.put("usr/lib/python3/dist-packages/pkg" + i + "-2." + i + ".dist-info/METADATA",
                    text("Metadata-Version: 2.1\nName: pkg" + i + "\nVersion: 2." + i + "\n"));
        }
        for (int i = 0; i < 20; i++) {
            files.put("app/lib/lib" + i + "-3." + i + ".jar", jar("org.bench", "lib" + i, "3." + i,
                    words(random, 300_000)));
        }
        files.put("app/server.js", words(random, 200_000));
        return files;
    }

    /** A jar with its Maven identity (META-INF/maven/.../pom.properties) and one class-sized filler entry. */
    private static byte[] jar(String group, String artifact, String version, byte[] filler) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            zip.write(text("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n"));
            zip.putNextEntry(new ZipEntry("org/bench/Filler.class"));
            zip.write(filler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] words(SplittableRandom random, int size) {
        StringBuilder out = new StringBuilder(size + 16);
        String[] words = WORDS.split(" ");
        while (out.length() < size) {
            out.append(words[random.nextInt(words.length)]);
            out.append(random.nextInt(10) == 0 ? '\n' : ' ');
            if (random.nextInt(8) == 0) {
                out.append(Integer.toHexString(random.nextInt()));
            }
        }
        out.setLength(size);
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
