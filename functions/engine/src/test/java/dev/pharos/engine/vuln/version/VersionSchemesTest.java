package dev.pharos.engine.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionSchemesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Debian                               | dpkg
            Debian:11                            | dpkg
            Ubuntu:22.04:LTS                     | dpkg
            Ubuntu:Pro:18.04:LTS                 | dpkg
            Alpine:v3.19                         | apk
            Wolfi                                | apk
            Chainguard                           | apk
            Rocky Linux:9                        | rpm
            AlmaLinux:8                          | rpm
            Red Hat:enterprise_linux:9::baseos   | rpm
            openSUSE:Tumbleweed                  | rpm
            SUSE:Linux Enterprise Server 15 SP5  | rpm
            Maven                                | maven
            npm                                  | npm
            PyPI                                 | pep440
            Go                                   | go
            crates.io                            | cargo
            """)
    void mapsOsvEcosystems(String ecosystem, String scheme) {
        assertThat(VersionSchemes.forEcosystem(ecosystem)).get().extracting(VersionScheme::name).isEqualTo(scheme);
    }

    /** Unknown ecosystems, and known ones misspelt: OSV ecosystem names are case-sensitive. */
    @ParameterizedTest
    @ValueSource(strings = {"", "NuGet", "RubyGems", "Packagist", "debian:11", "maven", "pypi", "GIT", "Debian 11"})
    void unknownIsEmpty(String ecosystem) {
        assertThat(VersionSchemes.forEcosystem(ecosystem)).isEmpty();
    }
}
