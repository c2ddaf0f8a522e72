package dev.pharos.engine.catalog.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.Unknown;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code happy} and {@code lockfile-v2} trees are real installs: {@code npm install --ignore-scripts} (npm 11,
 * Node 20) of the pinned dependencies in their {@code package.json}, of which only the package.json files and the
 * lockfiles were kept, verbatim, at their paths. The oracle is {@code npm ls --all --json} run in the same install,
 * kept beside each tree as {@code <scenario>.npm-ls.json}: the tests compare with it, and the goldens were written
 * only after that comparison passed.
 */
class NpmCatalogerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NpmCataloger cataloger = new NpmCataloger();

    @Test
    void installedPackagesAreExactlyWhatNpmLsLists() throws IOException {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("npm", "happy"));
        Set<FoundPackage> inventory = new LinkedHashSet<>(result.packages());

        assertThat(result.unknowns()).isEmpty();
        assertThat(inventory).extracting(p -> p.name() + "@" + p.version())
                .containsExactlyInAnyOrderElementsOf(npmLs("happy.npm-ls.json"));
        // two versions of ms coexist: the top-level one and debug's own, nested
        assertThat(inventory).extracting(FoundPackage::path, FoundPackage::purl).contains(
                tuple("usr/src/app/node_modules/ms/package.json", "pkg:npm/ms@2.1.3"),
                tuple("usr/src/app/node_modules/debug/node_modules/ms/package.json", "pkg:npm/ms@2.0.0"),
                tuple("usr/src/app/node_modules/@types/ms/package.json", "pkg:npm/%40types/ms@0.7.31"));
        CatalogFixtures.assertGolden(new CatalogFixtures.Result(List.copyOf(inventory), List.of(), result.unknowns()),
                "catalog/npm/happy.golden.json");
    }

    @Test
    void lockfileBesideNodeModulesNamesTheSamePackagesAtTheSamePaths() throws IOException {
        Path app = CatalogFixtures.scenario("npm", "happy").resolve("usr/src/app");
        var fromLock = PackageLockParser.parse("usr/src/app/package-lock.json",
                java.nio.file.Files.readAllBytes(app.resolve("package-lock.json")));
        var all = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("npm", "happy")).packages();

        // every lockfile package equals an installed one, so a distinct inventory counts it once; only the dev
        // dependency is-number is left to node_modules
        assertThat(fromLock).hasSize(10).allSatisfy(found -> assertThat(all).contains(found));
        assertThat(fromLock).extracting(FoundPackage::name).doesNotContain("is-number");
        assertThat(new HashSet<>(all)).hasSize(11);
    }

    @Test
    void lockfileVersion2WithoutNodeModulesSkipsDevAndLinks() throws IOException {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("npm", "lockfile-v2"));

        // npm ls lists local-lib (a file: link, local source) and is-number (a dev dependency) as well
        Set<String> expected = new HashSet<>(npmLs("lockfile-v2.npm-ls.json"));
        assertThat(expected.removeAll(Set.of("local-lib@0.1.0", "is-number@7.0.0"))).isTrue();
        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).extracting(p -> p.name() + "@" + p.version())
                .containsExactlyInAnyOrderElementsOf(expected);
        CatalogFixtures.assertGolden(result, "catalog/npm/lockfile-v2.golden.json");
    }

    @Test
    void unreadableFilesAreUnknownsWithTheReason() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("npm", "corrupt"));

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(Unknown::path).containsExactlyInAnyOrder(
                "app/legacy/package-lock.json", "app/node_modules/broken/package.json",
                "app/node_modules/nameless/package.json");
        assertThat(result.unknowns()).extracting(Unknown::reason).anySatisfy(
                reason -> assertThat(reason).contains("lockfileVersion 1").contains("not supported"))
                .anySatisfy(reason -> assertThat(reason).startsWith("malformed JSON in"))
                .anySatisfy(reason -> assertThat(reason).endsWith("has no \"version\""));
    }

    @Test
    void projectWithoutInstallOrLockfileHasNothingWanted() {
        Path sad = CatalogFixtures.scenario("npm", "sad");

        assertThat(CatalogFixtures.wanted(cataloger, sad)).isEmpty();
        CatalogFixtures.assertGolden(CatalogFixtures.catalog(cataloger, sad), "catalog/npm/sad.golden.json");
    }

    @Test
    void wantsOnlyPackagesOwnManifestsAndProjectLockfiles() {
        assertThat(List.of(
                "node_modules/debug/package.json",
                "usr/src/app/node_modules/@types/ms/package.json",
                "app/node_modules/debug/node_modules/ms/package.json",
                "app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json",
                "usr/src/app/package-lock.json",
                "package-lock.json",
                "app/npm-shrinkwrap.json"))
                .allMatch(path -> cataloger.wants(entry(path)), "wanted");
        assertThat(List.of(
                "usr/src/app/package.json",
                "app/node_modules/resolve/test/resolver/baz/package.json",
                "app/node_modules/@types/package.json",
                "app/node_modules/.package-lock.json",
                "app/node_modules/.bin/package.json",
                "app/node_modules/left-pad/package-lock.json",
                "app/node_modules/left-pad/package.json.orig"))
                .noneMatch(path -> cataloger.wants(entry(path)));
    }

    @Test
    void lockfileEntriesForOtherOperatingSystemsAndWorkspacesAreSkippedAliasesKeepTheirName() throws IOException {
        String lock = """
                {"lockfileVersion": 3, "packages": {
                  "": {"name": "app", "version": "1.0.0"},
                  "packages/ui": {"name": "ui", "version": "0.1.0"},
                  "node_modules/ui": {"resolved": "packages/ui", "link": true},
                  "packages/ui/node_modules/react": {"version": "18.2.0"},
                  "node_modules/fsevents": {"version": "2.3.3", "optional": true, "os": ["darwin"]},
                  "node_modules/@esbuild/linux-x64": {"version": "0.19.2", "optional": true, "os": ["linux"]},
                  "node_modules/not-windows": {"version": "1.0.0", "os": ["!win32"]},
                  "node_modules/typescript": {"version": "5.3.3", "devOptional": true},
                  "node_modules/lodash-alias": {"name": "lodash", "version": "4.17.21"}
                }}
                """;

        var found = PackageLockParser.parse("srv/package-lock.json", lock.getBytes());

        assertThat(found).containsExactlyInAnyOrder(
                npm("react", "18.2.0", "pkg:npm/react@18.2.0", "srv/packages/ui/node_modules/react/package.json"),
                npm("@esbuild/linux-x64", "0.19.2", "pkg:npm/%40esbuild/linux-x64@0.19.2",
                        "srv/node_modules/@esbuild/linux-x64/package.json"),
                npm("not-windows", "1.0.0", "pkg:npm/not-windows@1.0.0", "srv/node_modules/not-windows/package.json"),
                npm("typescript", "5.3.3", "pkg:npm/typescript@5.3.3", "srv/node_modules/typescript/package.json"),
                npm("lodash", "4.17.21", "pkg:npm/lodash@4.17.21", "srv/node_modules/lodash-alias/package.json"));
    }

    @Test
    void isFoundAsACatalogerBean() {
        assertThat(Catalogers.discover().all()).filteredOn(NpmCataloger.class::isInstance).hasSize(1);
    }

    /** Every {@code name@version} in an {@code npm ls --all --json} tree. */
    private static Set<String> npmLs(String file) throws IOException {
        Path path = CatalogFixtures.scenario("npm", "happy").resolveSibling(file);
        Set<String> found = new HashSet<>();
        collect(JSON.readTree(path.toFile()).path("dependencies"), found);
        return found;
    }

    private static void collect(JsonNode dependencies, Set<String> found) {
        dependencies.properties().forEach(dependency -> {
            found.add(dependency.getKey() + "@" + dependency.getValue().path("version").asText());
            collect(dependency.getValue().path("dependencies"), found);
        });
    }

    private static FileEntry entry(String path) {
        return new FileEntry(path, 100, 0644);
    }

    private static FoundPackage npm(String name, String version, String purl, String path) {
        return new FoundPackage(PackageType.NPM, name, version, purl, Optional.empty(), path);
    }
}
