package dev.pharos.engine.realdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layers of the test images, as files (path in the image to content), all taken from real artifacts: the
 * Debian 12 os-release files and the dpkg status file of a real Debian 12 system (catalog/os, catalog/dpkg), the npm
 * install of catalog/npm/happy, and the jars Maven copies into {@code target/java-fixtures} (this module's pom).
 */
final class RealLayers {
    /** Where the build's dependency plugin puts the real jars (see the pom). */
    static final Path JARS = Path.of("target/java-fixtures");
    static final List<Path> LIBRARIES = List.of(JARS.resolve("log4j-core-2.14.1.jar"),
            JARS.resolve("jackson-databind-2.9.10.1.jar"), JARS.resolve("spring-beans-5.3.17.jar"));
    static final String FAT_JAR = "app/app.jar";
    static final String WEB = "app/web";
    /** The npm package the cleanup layer deletes: a dev dependency, so no lockfile names it either. */
    static final String DELETED_NPM_PACKAGE = "is-number";
    /** A stray copy of a real jar beside the fat jar, which the cleanup layer deletes. */
    static final String DELETED_JAR = "app/lib/log4j-core-2.14.1.jar";

    private RealLayers() {
    }

    /** Layer 1: a Debian 12 base, os-release and the dpkg database. */
    static Map<String, byte[]> debianBase() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.putAll(tree(resource("catalog/os/debian"), ""));
        files.putAll(tree(resource("catalog/dpkg/real"), ""));
        return files;
    }

    /** Layer 2: the Spring Boot application, a stray jar, and the web front end's installed node_modules. */
    static Map<String, byte[]> application() {
        Map<String, byte[]> files = new LinkedHashMap<>(npmInstall(WEB));
        files.put(FAT_JAR, FatJar.build(resource("realdata/app.jar"), LIBRARIES));
        files.put(DELETED_JAR, read(LIBRARIES.get(0)));
        return files;
    }

    /**
     * Layer 3: {@code npm prune --omit=dev} and {@code rm} of the stray jar, as a later layer records them: whiteouts
     * of the dev dependency's directory and of the jar (image-spec layer.md "Whiteouts": an empty {@code .wh.<name>}
     * file deletes {@code <name>}, and everything below it, from the layers below).
     */
    static Map<String, byte[]> cleanup() {
        int slash = DELETED_JAR.lastIndexOf('/');
        return Map.of(WEB + "/node_modules/.wh." + DELETED_NPM_PACKAGE, new byte[0],
                DELETED_JAR.substring(0, slash + 1) + ".wh." + DELETED_JAR.substring(slash + 1), new byte[0]);
    }

    /** The real npm install (project files, lockfile, node_modules) placed at {@code directory}. */
    static Map<String, byte[]> npmInstall(String directory) {
        return tree(resource("catalog/npm/happy/usr/src/app"), directory + "/");
    }

    static Path resource(String name) {
        var url = RealLayers.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, byte[]> tree(Path root, String prefix) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(prefix + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return files;
    }
}
