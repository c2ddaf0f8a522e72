package dev.pharos.engine.catalog.os;

import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.OsRelease;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OsCatalogerTest {
    private final OsCataloger cataloger = new OsCataloger();

    @Test
    void wantsOnlyTheFourReleaseFiles() {
        List<String> wanted = List.of("etc/os-release", "usr/lib/os-release", "etc/debian_version",
                "etc/alpine-release");
        List<String> unwanted = List.of("usr/share/doc/base-files/os-release", "etc/os-release.d/x", "os-release",
                "usr/lib/os-release.bak", "var/lib/etc/debian_version", "etc/alpine-release-old", "etc/lsb-release");
        wanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 300, 0644))).as(path).isTrue());
        unwanted.forEach(path -> assertThat(cataloger.wants(new FileEntry(path, 300, 0644))).as(path).isFalse());
    }

    @Test
    void debianFromThisMachinesOwnReleaseFiles() {
        // Fixture copied from this Debian 12.11 build machine's /etc/os-release and /etc/debian_version.
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "debian"));
        assertThat(result.unknowns()).isEmpty();
        assertThat(result.os()).containsExactlyInAnyOrder(
                new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)", Optional.of("Debian:12")),
                new OsRelease("debian", "12.11", "Debian GNU/Linux 12.11", Optional.of("Debian:12")));
    }

    @Test
    void alpineReleaseIsMajorMinorBranch() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "alpine"));
        assertThat(result.os()).extracting(OsRelease::osvEcosystem)
                .containsExactly(Optional.of("Alpine:v3.19"), Optional.of("Alpine:v3.19"));
        assertThat(result.os()).extracting(OsRelease::versionId).containsOnly("3.19.1");
    }

    @Test
    void ubuntuLtsOnlyWhenVersionSaysSo() {
        var lts = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "ubuntu-lts")).os();
        var interim = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "ubuntu-interim")).os();
        assertThat(lts).contains(new OsRelease("ubuntu", "22.04", "Ubuntu 22.04.3 LTS",
                Optional.of("Ubuntu:22.04:LTS")));
        assertThat(interim).containsExactly(new OsRelease("ubuntu", "23.10", "Ubuntu 23.10",
                Optional.of("Ubuntu:23.10")));
    }

    @Test
    void rockyLinuxByMajorRelease() {
        var os = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "rocky")).os();
        assertThat(os).extracting(OsRelease::osvEcosystem).containsExactly(Optional.of("Rocky Linux:9"));
    }

    @Test
    void sidHasNoReleaseNumberAndNoEcosystem() {
        var os = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "sid")).os();
        assertThat(os).containsExactlyInAnyOrder(
                new OsRelease("debian", "", "Debian GNU/Linux trixie/sid", Optional.empty()),
                new OsRelease("debian", "", "Debian GNU/Linux trixie/sid", Optional.empty()));
    }

    @Test
    void quotingCommentsAndEscapesFollowTheShell() {
        // Expected values checked with: sh -c '. ./os-release; printf ... "$VERSION" ...' over the same fixture.
        var values = OsReleaseParser.parse(("# comment\n\nNAME='Pharos \"Test\" OS'\nID=pharos\nID=debian\n"
                + "VERSION=\"11 (bullseye) \\\"quoted\\\" \\$HOME \\\\ \\`tick\\`\"\n"
                + "PRETTY_NAME=\"It's \\\"Debian\\\"\"\n  VARIANT=indented\nnot an assignment line\n").getBytes());
        assertThat(values).containsEntry("NAME", "Pharos \"Test\" OS")
                .containsEntry("ID", "debian")
                .containsEntry("VERSION", "11 (bullseye) \"quoted\" $HOME \\ `tick`")
                .containsEntry("PRETTY_NAME", "It's \"Debian\"")
                .containsEntry("VARIANT", "indented")
                .hasSize(5);
        var os = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "quoting")).os();
        assertThat(os).containsExactly(new OsRelease("debian", "11", "It's \"Debian\"", Optional.of("Debian:11")));
    }

    @Test
    void nothingToFindOutsideTheReleasePaths() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "sad"));
        assertThat(result.os()).isEmpty();
        assertThat(result.unknowns()).isEmpty();
    }

    @Test
    void corruptFilesBecomeUnknowns() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("os", "corrupt"));
        assertThat(result.os()).isEmpty();
        assertThat(result.unknowns()).extracting(unknown -> unknown.path() + ": " + unknown.reason())
                .containsExactlyInAnyOrder("etc/debian_version: not a release number or codename: \u0000\u0001\u0002garbage\ufffd",
                        "etc/os-release: line 1: quote \" is never closed");
    }
}
