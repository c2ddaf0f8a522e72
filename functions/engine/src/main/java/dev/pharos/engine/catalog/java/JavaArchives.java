package dev.pharos.engine.catalog.java;

import java.util.Locale;
import java.util.Set;

/** Which file names are Java archives: all are zip files laid out per the JAR File Specification. */
final class JavaArchives {
    /**
     * jar, war (Servlet spec), ear (Jakarta EE platform spec), Jenkins plug-ins (jpi, hpi), JBoss service and
     * persistence archives (sar, par). Resource adapter archives ({@code .rar}) are left out: the extension mostly
     * means the RAR compression format.
     */
    private static final Set<String> EXTENSIONS = Set.of("jar", "war", "ear", "jpi", "hpi", "sar", "par");

    private JavaArchives() {
    }

    static boolean isArchiveName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot > name.lastIndexOf('/')
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The last segment of a path inside an archive or image. */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
