package dev.pharos.engine.catalog.java;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Java packages of one archive's classes, counted from entry names alone (the central directory of the outermost
 * archive, the local headers a nested archive's walk reads anyway: nothing is inflated for this), and the groupId
 * they point to when no metadata names one.
 * <p>
 * Why a layout can name a group: Maven's naming guide asks for a groupId following Java's package naming rules, a
 * reversed domain the project controls, and the JLS (6.1) asks the same of package names; so a library's own code
 * commonly lives in {@code <groupId>.<last word of its artifactId>} (spring-beans in {@code org.springframework.beans},
 * commons-lang3 in {@code org.apache.commons.lang3}). A group is inferred only when the archive itself shows that
 * shape; never from the artifactId alone. Known misses (a group that is not the package's parent, as
 * {@code com.fasterxml.jackson.core:jackson-databind} in {@code com.fasterxml.jackson.databind}) can only arise for
 * an archive with neither pom.properties nor a manifest group.
 */
final class PackageLayout {
    /** Where Spring Boot jars and WARs (Servlet spec, "Directory Structure") keep their own classes. */
    private static final List<String> CLASS_ROOTS = List.of("BOOT-INF/classes/", "WEB-INF/classes/");

    /** Classes under each package prefix ({@code org}, {@code org.springframework}, ...), once per level. */
    private final Map<String, Integer> classesUnder = new HashMap<>();
    private int classes;

    /**
     * Counts a class entry. Ignored: non-class entries, {@code module-info.class} (no package), and any entry below a
     * directory that is not a Java identifier, which drops {@code META-INF/versions/<n>/} (JAR File Specification,
     * multi-release: alternative versions of the same classes) and every other {@code *-INF} directory.
     */
    void add(String entryName) {
        String name = CLASS_ROOTS.stream().filter(entryName::startsWith).findFirst()
                .map(root -> entryName.substring(root.length())).orElse(entryName);
        if (!name.endsWith(".class") || JavaArchives.fileName(name).equals("module-info.class")) {
            return;
        }
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length - 1; i++) {
            if (!isIdentifier(segments[i])) {
                return;
            }
        }
        classes++;
        var prefix = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            prefix.append(i == 0 ? "" : ".").append(segments[i]);
            classesUnder.merge(prefix.toString(), 1, Integer::sum);
        }
    }

    /**
     * The groupId this layout gives {@code artifactId}, in this order:
     * <ol>
     *   <li>The archive's root packages are those holding a strict majority of its classes, from {@code org} down
     *       (a chain: two packages of the same depth cannot both hold a majority), so classes shaded or relocated
     *       into other packages, or a few strays, do not hide the root. The deepest root whose last segment is the
     *       artifactId's last word ({@code beans} for spring-beans, {@code lang3} for commons-lang3, or the whole
     *       artifactId, {@code snakeyaml}) is the artifact's own package, and its parent is the group.</li>
     *   <li>Else, the {@code Automatic-Module-Name} (JAR File Specification: the module name the jar takes on the
     *       module path) as a hint, when its last segment is the artifactId's last word ({@code spring.core} for
     *       spring-core): the deepest root that has a subpackage of that name is the group. spring-core 5.3.17 needs
     *       this: its own {@code org.springframework.core} holds 461 of its 976 classes, beside repackaged cglib,
     *       asm and objenesis.</li>
     * </ol>
     * A group of one segment ({@code org} from {@code org.jsoup}) is no reversed domain and is refused. Empty when
     * nothing matches: the caller keeps the archive an {@code Unknown}.
     */
    Optional<String> groupOf(String artifactId, Optional<String> automaticModuleName) {
        List<String> roots = roots();
        Optional<String> fromPackage = roots.stream()
                .filter(root -> endsWithWord(artifactId, lastSegment(root)))
                .map(PackageLayout::parent)
                .filter(PackageLayout::isGroup)
                .findFirst();
        return fromPackage.or(() -> automaticModuleName
                .map(PackageLayout::lastSegment)
                .filter(segment -> endsWithWord(artifactId, segment))
                .flatMap(segment -> roots.stream()
                        .filter(root -> isGroup(root) && classesUnder.containsKey(root + "." + segment))
                        .findFirst()));
    }

    /** The packages holding a strict majority of the classes, deepest first. */
    private List<String> roots() {
        return classesUnder.entrySet().stream()
                .filter(entry -> 2L * entry.getValue() > classes)
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparingLong((String name) -> name.chars().filter(c -> c == '.').count())
                        .reversed())
                .toList();
    }

    /** {@code artifactId} is {@code word} or ends with {@code -word} / {@code .word}, ignoring case. */
    private static boolean endsWithWord(String artifactId, String word) {
        String artifact = artifactId.toLowerCase(Locale.ROOT);
        String end = word.toLowerCase(Locale.ROOT);
        if (end.isEmpty() || !artifact.endsWith(end)) {
            return false;
        }
        int before = artifact.length() - end.length() - 1;
        return before < 0 || artifact.charAt(before) == '-' || artifact.charAt(before) == '.';
    }

    private static boolean isGroup(String packageName) {
        return packageName.contains(".");
    }

    private static String parent(String packageName) {
        return packageName.substring(0, Math.max(packageName.lastIndexOf('.'), 0));
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static boolean isIdentifier(String segment) {
        return !segment.isEmpty() && Character.isJavaIdentifierStart(segment.codePointAt(0))
                && segment.codePoints().skip(1).allMatch(Character::isJavaIdentifierPart);
    }
}
