package dev.pharos.engine.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SemVer 2.0.0 (semver.org), for OSV SEMVER ranges and npm. Every row was checked with node-semver 7
 * ({@code semver.compare}); the invalid versions are ones {@code semver.valid} refuses.
 */
class SemVerSchemeTest {
    private final VersionScheme semver = VersionSchemes.semver();
    private final VersionScheme npm = VersionSchemes.forEcosystem("npm").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # semver.org item 11: the spec's own example chain, link by link
            1.0.0-alpha          | <  | 1.0.0-alpha.1
            1.0.0-alpha.1        | <  | 1.0.0-alpha.beta
            1.0.0-alpha.beta     | <  | 1.0.0-beta
            1.0.0-beta           | <  | 1.0.0-beta.2
            1.0.0-beta.2         | <  | 1.0.0-beta.11
            1.0.0-beta.11        | <  | 1.0.0-rc.1
            1.0.0-rc.1           | <  | 1.0.0
            # numeric identifiers below alphanumeric ones; alphanumeric ones in ASCII order (upper case first)
            1.0.0-1              | <  | 1.0.0-a
            1.2.3-X              | <  | 1.2.3-x
            1.2.3-x.7.z.92       | <  | 1.2.3-x.7.z.93
            # a hyphen inside an identifier is part of it (not numeric)
            1.0.0-alpha-1        | >  | 1.0.0-alpha
            1.0.0-beta.-1        | >  | 1.0.0-beta
            # item 10: build metadata is ignored
            1.0.0+build.1        | =  | 1.0.0
            1.0.0+build.1        | =  | 1.0.0+build.2
            1.0.0-rc.1+b         | =  | 1.0.0-rc.1
            # numbers compare numerically, at any size
            1.10.0               | >  | 1.9.0
            2.0.0                | >  | 1.99.99
            1.0.0-99999999999999999999 | > | 1.0.0-9999999999999999999
            # a leading v is accepted and means nothing
            v1.0.0               | =  | 1.0.0
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(semver, a, op, b);
        VersionTable.row(npm, a, op, b);
    }

    @Test
    void sortsTheSpecExample() {
        VersionTable.sorts(semver, "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0");
    }

    @Test
    void cratesIoIsSemVer() {
        VersionScheme cargo = VersionSchemes.forEcosystem("crates.io").orElseThrow();
        assertThat(cargo.name()).isEqualTo("cargo");
        VersionTable.row(cargo, "0.4.0-rc.1", "<", "0.4.0");
    }

    /** The first five are accepted by versatile 0.18.1's NpmVersion (semver4j); node-semver refuses them all. */
    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1", "01.0.0", "1.0.0-01", "1.0.0.0", "1.0.0-alpha..1", "", "abc", "=1.0.0",
            "1.0.0-", "1.0.0+", "V1.0.0"})
    void refusesInvalid(String version) {
        VersionTable.invalid(semver, version, "1.0.0");
        VersionTable.invalid(npm, version, "1.0.0");
    }
}
