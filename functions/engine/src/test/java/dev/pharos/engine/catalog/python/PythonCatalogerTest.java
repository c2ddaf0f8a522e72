package dev.pharos.engine.catalog.python;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.Unknown;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PythonCatalogerTest {
    private final PythonCataloger cataloger = new PythonCataloger();

    /** One distribution as Python's own {@code importlib.metadata.distributions(path=[dir])} listed it. */
    record OracleRow(String dir, String name, String version) {
    }

    /**
     * Real metadata files copied verbatim from this machine's pyenv site-packages, Debian's dist-packages (including
     * Debian's duplicate {@code cryptography.egg-info} next to the dist-info), a fresh venv and a Python 2.7
     * single-file egg-info. The expectation is independent: {@code real.importlib-metadata.json} is the output of
     * {@code importlib.metadata.distributions(path=[dir])} run over these very fixture directories by
     * {@code real.oracle.py}; {@code pip list --format json} of the venv agreed (pip 23.2.1,
     * setuptools 65.5.0).
     */
    @Test
    void realMetadataMatchesImportlibMetadata() throws IOException {
        List<OracleRow> oracle;
        try (InputStream in = getClass().getResourceAsStream("/catalog/python/real.importlib-metadata.json")) {
            oracle = JsonMapper.builder().build().readValue(in, new TypeReference<>() {
            });
        }
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("python", "real"));

        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages())
                .extracting(p -> siteDirectory(p.path()), FoundPackage::name, FoundPackage::version)
                .containsExactlyInAnyOrderElementsOf(oracle.stream()
                        .map(row -> tuple(row.dir(), PythonCataloger.normalise(row.name()), row.version()))
                        .toList());
        CatalogFixtures.assertGolden(result, "catalog/python/real.golden.json");
    }

    @Test
    void happyHandlesFoldedHeadersCrlfCaseInsensitiveFieldsAndIgnoresTheBody() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("python", "happy"));

        assertThat(result.unknowns()).isEmpty();
        // Expected values read from the fixture and confirmed with importlib.metadata: Some_Odd.Name 2.0.0rc1,
        // zope.interface 6.1, simplejson 3.19.2 (egg); the "Name: not-me" after the blank line is the body.
        assertThat(result.packages()).extracting(FoundPackage::type, FoundPackage::name, FoundPackage::version,
                        FoundPackage::purl)
                .containsExactlyInAnyOrder(
                        tuple(PackageType.PYPI, "some-odd-name", "2.0.0rc1", "pkg:pypi/some-odd-name@2.0.0rc1"),
                        tuple(PackageType.PYPI, "zope-interface", "6.1", "pkg:pypi/zope-interface@6.1"),
                        tuple(PackageType.PYPI, "simplejson", "3.19.2", "pkg:pypi/simplejson@3.19.2"));
        CatalogFixtures.assertGolden(result, "catalog/python/happy.golden.json");
    }

    @Test
    void sadFindsNothingOutsideSiteDirectoriesOrInOtherFiles() {
        var root = CatalogFixtures.scenario("python", "sad");

        assertThat(CatalogFixtures.wanted(cataloger, root)).isEmpty();
        var result = CatalogFixtures.catalog(cataloger, root);
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).isEmpty();
    }

    @Test
    void corruptFilesBecomeUnknownsWithSpecificReasons() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("python", "corrupt"));

        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).extracting(u -> u.path().substring(u.path().lastIndexOf("packages/") + 9),
                        Unknown::reason)
                .containsExactlyInAnyOrder(
                        tuple("binary-1.0.dist-info/METADATA", "core metadata without a valid Name field"),
                        tuple("noname-1.0.dist-info/METADATA", "core metadata without a valid Name field"),
                        // The Version after the blank line is body text, not a header.
                        tuple("noversion-1.0.dist-info/METADATA", "core metadata of noversion without a valid Version"));
    }

    @Test
    void endlessHeadersAreALimit() {
        byte[] headers = "Name: x\nVersion: 1\nLicense: y\n".repeat(40_000).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> CoreMetadataParser.parse(new ByteArrayInputStream(headers)))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED));
    }

    @Test
    void aLongBodyIsNotRead() throws IOException {
        byte[] metadata = ("Name: x\nVersion: 1\n\n" + "body ".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8);

        assertThat(CoreMetadataParser.parse(new ByteArrayInputStream(metadata))).isEqualTo(new CoreMetadata("x", "1"));
    }

    @Test
    void wantsOnlyMetadataFilesDirectlyInSiteDirectories() {
        assertThat(cataloger.wants(file("usr/lib/python3/dist-packages/six-1.16.0.egg-info"))).isTrue();
        assertThat(cataloger.wants(file("site-packages/a-1.dist-info/METADATA"))).isTrue();
        assertThat(cataloger.wants(file("usr/lib/python3/dist-packages/six-1.16.0.egg-info/requires.txt"))).isFalse();
        assertThat(cataloger.wants(file("usr/lib/python3/dist-packages/a-1.dist-info/PKG-INFO"))).isFalse();
        assertThat(cataloger.wants(file("usr/lib/python3/dist-packages/a-1.egg-info/METADATA"))).isFalse();
        assertThat(cataloger.wants(file("srv/a-1.dist-info/METADATA"))).isFalse();
        assertThat(cataloger.wants(file("usr/lib/python3/site-packages/a-1-py3.9.egg/EGG-INFO/PKG-INFO"))).isTrue();
        assertThat(cataloger.wants(file("usr/lib/python3/site-packages/a-1-py3.9.egg/EGG-INFO/requires.txt")))
                .isFalse();
    }

    @Test
    void normalisesNamesPerPep503() {
        assertThat(PythonCataloger.normalise("Foo__Bar.-baz")).isEqualTo("foo-bar-baz");
        assertThat(PythonCataloger.normalise("PyYAML")).isEqualTo("pyyaml");
    }

    private static FileEntry file(String path) {
        return new FileEntry(path, 100, 0644);
    }

    /** The site directory a metadata file belongs to, as importlib.metadata was pointed at it. */
    private static String siteDirectory(String path) {
        int packages = path.lastIndexOf("-packages/");
        return path.substring(0, packages + "-packages".length());
    }
}
