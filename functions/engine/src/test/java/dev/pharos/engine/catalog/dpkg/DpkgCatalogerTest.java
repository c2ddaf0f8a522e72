package dev.pharos.engine.catalog.dpkg;

import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DpkgCatalogerTest {
    private static final String STATUS = "var/lib/dpkg/status";

    private final DpkgCataloger cataloger = new DpkgCataloger();

    @Test
    void wantsTheDatabaseAndDistrolessParagraphFilesOnly() {
        List<String> wanted = List.of(STATUS, "var/lib/dpkg/status.d/libssl3", "var/lib/dpkg/status.d/base-files");
        List<String> unwanted = List.of("var/lib/dpkg/status-old", "var/lib/dpkg/available",
                "var/lib/dpkg/status.d/libssl3.md5sums", "var/lib/dpkg/status.d/sub/libssl3",
                "usr/share/doc/dpkg/var/lib/dpkg/status", "var/lib/dpkg/info/libssl3.list", "status");
        wanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 100, 0644))).as(path).isTrue());
        unwanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 100, 0644))).as(path).isFalse());
    }

    @Test
    void installedAndHeldPackagesWithTheirSources() {
        // Real paragraphs of this machine's status file; zlib1g's Status set to hold, adduser's to config-files.
        // packageurl-java percent-encodes the epoch colon and "+" in versions (purl-spec allows both forms).
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "happy"));
        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).containsExactlyInAnyOrder(
                new FoundPackage(PackageType.DEB, "libcap2-bin", "1:2.66-4+deb12u2+b2",
                        "pkg:deb/debian/libcap2-bin@1%3A2.66-4%2Bdeb12u2%2Bb2?arch=amd64",
                        Optional.of(new SourcePackage("libcap2", "1:2.66-4+deb12u2")), STATUS),
                new FoundPackage(PackageType.DEB, "zlib1g", "1:1.2.13.dfsg-1",
                        "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64",
                        Optional.of(new SourcePackage("zlib", "1:1.2.13.dfsg-1")), STATUS),
                new FoundPackage(PackageType.DEB, "tzdata", "2025b-0+deb12u2",
                        "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u2?arch=all",
                        Optional.of(new SourcePackage("tzdata", "2025b-0+deb12u2")), STATUS));
    }

    /**
     * The fixture is every fifth paragraph of this Debian 12 machine's {@code /var/lib/dpkg/status}, verbatim, plus
     * a real paragraph set to {@code deinstall ok config-files} and a purged one. The expectation
     * {@code real.dpkg-query.tsv} was produced by dpkg itself over the same file:
     * {@code dpkg-query --admindir=<copy of var/lib/dpkg> -W -f='${Package}\t${Version}\t${source:Package}\t
     * ${source:Version}\t${Architecture}\t${db:Status-Abbrev}\t${Status}\n'}.
     */
    @Test
    void realStatusFileMatchesDpkgQuery() throws IOException {
        List<String> expected = Files.readAllLines(CatalogFixtures.scenario("dpkg", "real.dpkg-query.tsv")).stream()
                .map(line -> line.split("\t"))
                .filter(row -> row[6].equals("install ok installed"))
                .map(row -> String.join(" ", row[0], row[1], row[2], row[3], row[4]))
                .toList();
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "real"));
        assertThat(result.unknowns()).isEmpty();
        assertThat(expected).hasSize(152);
        assertThat(result.packages()).extracting(found -> String.join(" ", found.name(), found.version(),
                        found.source().orElseThrow().name(), found.source().orElseThrow().version(),
                        found.purl().substring(found.purl().indexOf("?arch=") + 6)))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.packages()).extracting(FoundPackage::name).doesNotContain("adduser", "pharos-purged");
    }

    @Test
    void distrolessFilesCountAsInstalledAndSkipChecksums() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "distroless"));
        assertThat(result.unknowns()).isEmpty();
        assertThat(result.packages()).extracting(found -> found.path() + " " + found.name() + " "
                        + found.version() + " " + found.source().orElseThrow())
                .containsExactlyInAnyOrder(
                        "var/lib/dpkg/status.d/base-files base-files 12.4+deb12u11 "
                                + "SourcePackage[name=base-files, version=12.4+deb12u11]",
                        "var/lib/dpkg/status.d/libssl3 libssl3 3.0.19-1~deb12u2 "
                                + "SourcePackage[name=openssl, version=3.0.19-1~deb12u2]",
                        "var/lib/dpkg/status.d/tzdata tzdata 2025b-0+deb12u2 "
                                + "SourcePackage[name=tzdata, version=2025b-0+deb12u2]",
                        "var/lib/dpkg/status.d/tzdata libcap2-bin 1:2.66-4+deb12u2+b2 "
                                + "SourcePackage[name=libcap2, version=1:2.66-4+deb12u2]");
    }

    @Test
    void nothingOutsideTheDatabaseAndAnEmptyDatabaseHasNothing() {
        var sad = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "sad"));
        var empty = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "empty"));
        assertThat(sad.packages()).isEmpty();
        assertThat(sad.unknowns()).isEmpty();
        assertThat(empty.packages()).isEmpty();
        assertThat(empty.unknowns()).isEmpty();
    }

    @Test
    void corruptDatabaseIsAnUnknownNamingTheLine() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "corrupt"));
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).singleElement()
                .satisfies(unknown -> assertThat(unknown.reason()).isEqualTo("line 23: not a control field"));
    }

    @Test
    void installedParagraphWithoutVersionIsAnUnknown() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("dpkg", "no-version"));
        assertThat(result.unknowns()).singleElement()
                .satisfies(unknown -> assertThat(unknown.reason()).isEqualTo("line 20: paragraph has no Version"));
    }
}
