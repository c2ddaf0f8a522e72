package dev.pharos.engine.catalog.npm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.FoundPackage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code package-lock.json} / {@code npm-shrinkwrap.json} (npm docs, "package-lock.json"), lockfileVersion 2 and 3:
 * the {@code packages} map, keyed by install location relative to the project ({@code node_modules/a},
 * {@code node_modules/a/node_modules/@s/b}). Rules, chosen for images, where what is installed is what runs:
 * <ul>
 *   <li>the root {@code ""} entry is the project itself, not a dependency: skipped;</li>
 *   <li>keys without a {@code node_modules/} segment are workspace or {@code file:} folders (local source, not
 *       registry packages) and {@code "link": true} entries point at them: skipped;</li>
 *   <li>{@code "dev": true} entries are skipped: production images install with {@code --omit=dev}; when dev
 *       dependencies are installed after all, their {@code node_modules} package.json files report them;
 *       {@code devOptional} entries stay (installed under {@code --omit=dev});</li>
 *   <li>entries whose {@code os} excludes Linux (npm package.json "os") are never installed in a Linux image:
 *       skipped;</li>
 *   <li>no double counting: each package's path is the install location's package.json
 *       ({@code <project>/node_modules/a/package.json}), exactly the path and package the installed manifest
 *       yields, so when {@code node_modules} is present too, lockfile and manifest give equal {@code FoundPackage}s
 *       and an inventory of distinct packages holds one; without {@code node_modules} (dependencies bundled away)
 *       the lockfile alone still reports them.</li>
 * </ul>
 * lockfileVersion 1 (npm 5 and 6) has no {@code packages} map and is not read.
 */
final class PackageLockParser {
    private static final String NODE_MODULES = "node_modules/";

    private PackageLockParser() {
    }

    static List<FoundPackage> parse(String path, byte[] content) throws IOException {
        JsonNode lock = NpmJson.object(path, content);
        int version = lock.path("lockfileVersion").asInt(0);
        JsonNode packages = lock.path("packages");
        if (version < 2 || !packages.isObject()) {
            throw new CatalogException(path + ": lockfileVersion " + lock.path("lockfileVersion").asText("missing")
                    + " without a \"packages\" map is not supported (npm 7 and later write lockfileVersion 2 or 3)");
        }
        String project = NpmPaths.directoryOf(path);
        List<FoundPackage> found = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : packages.properties()) {
            String location = entry.getKey();
            JsonNode info = entry.getValue();
            if (reported(location, info)) {
                found.add(toPackage(path, project, location, info));
            }
        }
        return found;
    }

    private static boolean reported(String location, JsonNode info) {
        boolean dependency = location.startsWith(NODE_MODULES) || location.contains("/" + NODE_MODULES);
        return dependency && !info.path("link").asBoolean(false) && !info.path("dev").asBoolean(false)
                && runsOnLinux(info.path("os"));
    }

    private static FoundPackage toPackage(String path, String project, String location, JsonNode info) {
        // "name" is only written when it differs from the folder: aliased installs.
        String name = NpmJson.text(info, "name")
                .orElse(location.substring(location.lastIndexOf(NODE_MODULES) + NODE_MODULES.length()));
        String version = NpmJson.text(info, "version")
                .orElseThrow(() -> new CatalogException(path + ": \"" + location + "\" has no \"version\""));
        return NpmPackages.of(name, version, project + location + "/package.json");
    }

    /** npm package.json "os": allowed names, or {@code !name} for excluded ones; absent allows all. */
    private static boolean runsOnLinux(JsonNode os) {
        if (!os.isArray() || os.isEmpty()) {
            return true;
        }
        boolean anyAllowed = false;
        for (JsonNode value : os) {
            String name = value.asText();
            if (name.equals("linux")) {
                return true;
            }
            if (name.equals("!linux")) {
                return false;
            }
            anyAllowed |= !name.startsWith("!");
        }
        return !anyAllowed;
    }
}
