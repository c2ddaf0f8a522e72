package dev.pharos.harness.demo;

import dev.pharos.harness.OciImageBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo image of pharos-local and the end-to-end tests, built from real artifacts only: the os-release files and
 * the dpkg status file of a real Debian 12 system, a real npm install, and real jars (log4j-core 2.14.1,
 * jackson-databind 2.9.10.1, spring-beans 5.3.17) packed into a Spring Boot style fat jar. The engine's real-data
 * test scans the same image, so both share this one builder and the artifacts stay where the engine's catalog tests
 * keep them ({@link Sources#inRepo}).
 * <p>
 * Layers: (1) the Debian base, (2) the application: the fat jar, a stray copy of log4j-core, and a web front end's
 * node_modules, (3) a cleanup whose whiteouts delete the stray jar and the front end's dev dependency.
 */
public final class DemoImage {
    public static final String FAT_JAR = "app/app.jar";
    public static final String WEB = "app/web";
    /** The npm package the cleanup layer deletes: a dev dependency, so no lockfile names it either. */
    public static final String DELETED_NPM_PACKAGE = "is-number";
    /** A stray copy of a real jar beside the fat jar, which the cleanup layer deletes. */
    public static final String DELETED_JAR = "app/lib/log4j-core-2.14.1.jar";
    public static final List<String> JARS = List.of("log4j-core-2.14.1.jar", "jackson-databind-2.9.10.1.jar",
            "spring-beans-5.3.17.jar");

    /**
     * Where the real artifacts are.
     *
     * @param osRelease  a root holding {@code etc/os-release} (and {@code etc/debian_version})
     * @param dpkg       a root holding {@code var/lib/dpkg/status}
     * @param npmProject an npm project directory after {@code npm install} (package.json, lockfile, node_modules)
     * @param appJar     the application's own jar entries (manifest, pom.properties, classes), as a directory
     * @param jars       a directory holding {@link #JARS}, as Maven's dependency plugin copies them
     */
    public record Sources(Path osRelease, Path dpkg, Path npmProject, Path appJar, Path jars) {
        /**
         * The artifacts in a Pharos checkout: the engine's test resources, and the jars its build copies into
         * {@code functions/engine/target/java-fixtures} (any build of the engine, tests skipped or not).
         */
        public static Sources inRepo(Path repoRoot) {
            Path engine = repoRoot.resolve("functions/engine");
            Path resources = engine.resolve("src/test/resources");
            return new Sources(resources.resolve("catalog/os/debian"), resources.resolve("catalog/dpkg/real"),
                    resources.resolve("catalog/npm/happy/usr/src/app"), resources.resolve("realdata/app.jar"),
                    engine.resolve("target/java-fixtures"));
        }

        public List<Path> libraries() {
            List<Path> libraries = JARS.stream().map(jars::resolve).toList();
            for (Path library : libraries) {
                if (!Files.isRegularFile(library)) {
                    throw new IllegalStateException(library + " is missing: build the engine first"
                            + " (./mvnw -pl functions/engine -am -DskipTests install copies the real jars there)");
                }
            }
            return libraries;
        }
    }

    private final Sources sources;

    public DemoImage(Sources sources) {
        this.sources = sources;
    }

    /** Writes the three-layer image into an OCI layout under {@code tag} and returns its manifest digest. */
    public String writeTo(Path layout, String tag) {
        return OciImageBuilder.image().tag(tag).layer(debianBase()).layer(application()).layer(cleanup())
                .writeTo(layout);
    }

    /** Layer 1: a Debian 12 base, os-release and the dpkg database. */
    public Map<String, byte[]> debianBase() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.putAll(tree(sources.osRelease(), ""));
        files.putAll(tree(sources.dpkg(), ""));
        return files;
    }

    /** Layer 2: the Spring Boot application, a stray jar, and the web front end's installed node_modules. */
    public Map<String, byte[]> application() {
        List<Path> libraries = sources.libraries();
        Map<String, byte[]> files = new LinkedHashMap<>(npmInstall(WEB));
        files.put(FAT_JAR, FatJar.build(sources.appJar(), libraries));
        files.put(DELETED_JAR, read(libraries.getFirst()));
        return files;
    }

    /**
     * Layer 3: {@code npm prune --omit=dev} and {@code rm} of the stray jar, as a later layer records them: whiteouts
     * of the dev dependency's directory and of the jar (image-spec layer.md "Whiteouts": an empty {@code .wh.<name>}
     * file deletes {@code <name>}, and everything below it, from the layers below).
     */
    public Map<String, byte[]> cleanup() {
        int slash = DELETED_JAR.lastIndexOf('/');
        return Map.of(WEB + "/node_modules/.wh." + DELETED_NPM_PACKAGE, new byte[0],
                DELETED_JAR.substring(0, slash + 1) + ".wh." + DELETED_JAR.substring(slash + 1), new byte[0]);
    }

    /** The real npm install (project files, lockfile, node_modules) placed at {@code directory}. */
    public Map<String, byte[]> npmInstall(String directory) {
        return tree(sources.npmProject(), directory + "/");
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
