package dev.pharos.engine.catalog.java;

import dev.pharos.engine.catalog.CatalogException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides which Maven packages one archive is, from its own metadata (not its nested archives'):
 * <ol>
 *   <li>every {@code META-INF/maven/<groupId>/<artifactId>/pom.properties} (written by Maven's archiver; a shaded
 *       jar keeps one per artifact it absorbed, and each is a package), the same coordinates once;</li>
 *   <li>only when there is none, the manifest (JAR File Specification "Main Attributes": Implementation-*,
 *       Specification-*, and OSGi Core Bundle-SymbolicName / Bundle-Version);</li>
 *   <li>last, the file name {@code <artifactId>-<version>.jar}, Maven's default final name.</li>
 * </ol>
 * When the manifest or file name identified the archive but names no group (Gradle-built jars such as spring-beans
 * 5.3.17), the group is inferred from the archive's class layout, {@link PackageLayout#groupOf}, or stays absent.
 */
final class MavenIdentity {
    /** A pom.properties entry: {@code META-INF/maven/<groupId>/<artifactId>/pom.properties}. */
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");
    /** groupId and artifactId characters (Maven's model validator: {@code [A-Za-z0-9_\-.]+}). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]+");
    /** {@code name-1.2.3.jar}: artifactId segments start with a letter, the version with a digit. */
    private static final Pattern FILE_NAME =
            Pattern.compile("([A-Za-z0-9_.]+(?:-[A-Za-z_][A-Za-z0-9_.]*)*)-(\\d[A-Za-z0-9_.+\\-]*)\\.[A-Za-z]+");

    private MavenIdentity() {
    }

    static boolean isPomProperties(String entryName) {
        return POM_PROPERTIES.matcher(entryName).matches();
    }

    /**
     * @param pomProperties entry name and content of each pom.properties, in archive order
     * @param manifest      {@code META-INF/MANIFEST.MF}, if present
     * @param fileName      the archive's file name
     * @param classes       the packages of its classes, for a group nothing else names
     */
    static List<MavenCoordinates> of(List<Entry> pomProperties, Optional<byte[]> manifest, String fileName,
            PackageLayout classes) throws IOException {
        var fromPoms = new LinkedHashSet<MavenCoordinates>();
        for (Entry pom : pomProperties) {
            fromPom(pom).ifPresent(fromPoms::add);
        }
        if (!fromPoms.isEmpty()) {
            return List.copyOf(fromPoms);
        }
        Optional<Attributes> main = manifest.isPresent()
                ? Optional.of(new Manifest(new ByteArrayInputStream(manifest.get())).getMainAttributes())
                : Optional.empty();
        Optional<MavenCoordinates> found = main.flatMap(attributes -> fromManifest(attributes, fileName))
                .or(() -> fromFileName(fileName));
        return found.map(coordinates -> coordinates.complete() ? coordinates : inferGroup(coordinates, main, classes))
                .stream().toList();
    }

    /** The layout's group (see {@link PackageLayout#groupOf}), if it is a valid groupId: Java allows more letters. */
    private static MavenCoordinates inferGroup(MavenCoordinates coordinates, Optional<Attributes> manifest,
            PackageLayout classes) {
        Optional<String> moduleName = manifest.flatMap(main -> first(main, "Automatic-Module-Name"));
        return coordinates.withGroup(classes.groupOf(coordinates.artifactId(), moduleName)
                .filter(group -> ID.matcher(group).matches()));
    }

    /** An archive entry read into memory. */
    record Entry(String name, byte[] content) {
    }

    /**
     * The properties win over the path (they are what the archiver wrote); an entry without a usable version, or
     * with unresolved {@code ${...}} placeholders, identifies nothing.
     */
    private static Optional<MavenCoordinates> fromPom(Entry pom) throws IOException {
        Matcher path = POM_PROPERTIES.matcher(pom.name());
        if (!path.matches()) {
            return Optional.empty();
        }
        var properties = new Properties();
        try {
            properties.load(new ByteArrayInputStream(pom.content()));
        } catch (IllegalArgumentException e) {
            throw new CatalogException("malformed " + pom.name() + ": " + e.getMessage(), e);
        }
        String group = properties.getProperty("groupId", path.group(1)).strip();
        String artifact = properties.getProperty("artifactId", path.group(2)).strip();
        String version = properties.getProperty("version", "").strip();
        if (!ID.matcher(group).matches() || !ID.matcher(artifact).matches() || !isVersion(version)) {
            return Optional.empty();
        }
        return Optional.of(new MavenCoordinates(Optional.of(group), artifact, version));
    }

    /**
     * Version from Implementation-, Bundle- or Specification-Version; artifactId from the first title that is an
     * identifier (titles are often prose: "Apache Log4j Core"), else the file name, else the OSGi symbolic name.
     */
    private static Optional<MavenCoordinates> fromManifest(Attributes main, String fileName) {
        Optional<String> version = first(main, "Implementation-Version", "Bundle-Version", "Specification-Version")
                .filter(MavenIdentity::isVersion);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> symbolicName = first(main, "Bundle-SymbolicName").map(name -> name.split(";", 2)[0].strip());
        Optional<String> artifact = Stream.of(first(main, "Implementation-Title"), first(main, "Specification-Title"),
                        fromFileName(fileName).map(MavenCoordinates::artifactId), symbolicName)
                .flatMap(Optional::stream)
                .filter(name -> ID.matcher(name).matches())
                .findFirst();
        return artifact.map(name -> new MavenCoordinates(manifestGroup(main, name, symbolicName), name,
                version.get()));
    }

    /**
     * Implementation-Vendor-Id (older Maven archivers wrote the groupId there), else an OSGi symbolic name of the
     * form {@code <groupId>.<artifactId>}, the maven-bundle-plugin's default. No other attribute names a group.
     */
    private static Optional<String> manifestGroup(Attributes main, String artifact, Optional<String> symbolicName) {
        Optional<String> vendorId = first(main, "Implementation-Vendor-Id").filter(id -> ID.matcher(id).matches());
        return vendorId.or(() -> symbolicName
                .filter(name -> name.endsWith("." + artifact) && name.length() > artifact.length() + 1)
                .map(name -> name.substring(0, name.length() - artifact.length() - 1)));
    }

    private static Optional<MavenCoordinates> fromFileName(String fileName) {
        Matcher name = FILE_NAME.matcher(fileName);
        return name.matches()
                ? Optional.of(new MavenCoordinates(Optional.empty(), name.group(1), name.group(2)))
                : Optional.empty();
    }

    private static Optional<String> first(Attributes attributes, String... names) {
        for (String name : names) {
            String value = attributes.getValue(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    private static boolean isVersion(String version) {
        return !version.isEmpty() && !version.contains("${") && version.chars().noneMatch(Character::isWhitespace);
    }
}
