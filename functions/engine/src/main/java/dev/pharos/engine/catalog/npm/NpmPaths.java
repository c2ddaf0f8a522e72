package dev.pharos.engine.catalog.npm;

import java.util.regex.Pattern;

/** Where npm puts things (npm docs, "folders": packages install to {@code node_modules/[@scope/]name}). */
final class NpmPaths {
    /**
     * A package's own manifest: {@code package.json} directly in {@code node_modules/name/} or
     * {@code node_modules/@scope/name/}, at any depth (nested installs, pnpm's {@code node_modules/.pnpm/<id>/
     * node_modules/name}). Package names never start with {@code .} or {@code _} (npm docs, package.json "name"),
     * which leaves out {@code node_modules/.bin} and friends; {@code node_modules/x/test/fixtures/package.json} is not
     * a package's own manifest. npm never packs {@code node_modules} folders into a package (except bundled
     * dependencies, which are real installs), so a {@code node_modules} segment always marks an install location.
     */
    private static final Pattern INSTALLED_MANIFEST =
            Pattern.compile("(?:.*/)?node_modules/(?:@[^/.][^/]*/)?[^/._@][^/]*/package\\.json");
    /** A project's lockfile; lockfiles inside {@code node_modules} describe a dependency's own development. */
    private static final Pattern PROJECT_LOCKFILE = Pattern.compile("(?:.*/)?(?:package-lock|npm-shrinkwrap)\\.json");

    private NpmPaths() {
    }

    static boolean isInstalledManifest(String path) {
        return INSTALLED_MANIFEST.matcher(path).matches();
    }

    static boolean isProjectLockfile(String path) {
        return PROJECT_LOCKFILE.matcher(path).matches() && !path.startsWith("node_modules/")
                && !path.contains("/node_modules/");
    }

    /** The directory of a file, with a trailing {@code /}, or empty at the root. */
    static String directoryOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
