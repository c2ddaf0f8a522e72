package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go module versions. Every row whose versions both have a {@code v} was checked with
 * {@code golang.org/x/mod/semver.Compare} (as vendored in Go 1.19); rows without the {@code v} are our documented
 * extension for OSV's standard-library records.
 */
class GoVersionSchemeTest {
    private final VersionScheme go = VersionSchemes.forEcosystem("Go").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            v1.0.0                                   | <  | v1.0.1
            v1.21.5                                  | <  | v1.21.10
            # the stdlib as our cataloger reports it against OSV's stdlib ranges, written without v
            v1.21.5                                  | =  | 1.21.5
            v1.21.4                                  | <  | 1.21.5
            1.21.5                                   | <  | v1.22.0
            # pseudo-versions are pre-releases: below the release they precede, in commit-time order
            v0.0.0-20210101000000-abcdef123456       | <  | v0.0.1
            v0.0.0-20210101000000-abcdef123456       | <  | v0.0.0-20220101000000-abcdef123456
            v1.2.4-0.20210101000000-abcdef123456     | >  | v1.2.3
            v1.2.4-0.20210101000000-abcdef123456     | <  | v1.2.4
            v1.2.3-pre.0.20210101000000-abcdef123456 | >  | v1.2.3-pre
            # +incompatible is build metadata and is ignored
            v2.0.0+incompatible                      | <  | v2.0.1+incompatible
            v2.0.0+incompatible                      | =  | v2.0.0
            v1.0.0-rc.1                              | <  | v1.0.0
            v1.0.0-beta.2                            | <  | v1.0.0-beta.11
            # x/mod shorthands
            v1                                       | =  | v1.0.0
            v1.2                                     | =  | v1.2.0
            1.21                                     | =  | v1.21.0
            v99999999999999999999.0.0                | >  | v1.0.0
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(go, a, op, b);
    }

    @Test
    void sortsAModuleHistory() {
        VersionTable.sorts(go, "v0.0.0-20190101000000-aaaaaaaaaaaa", "v0.0.0-20200101000000-bbbbbbbbbbbb",
                "v0.1.0", "v0.1.1-0.20200601000000-cccccccccccc", "v0.1.1", "v1.0.0-rc.1", "v1.0.0", "v2.0.0");
    }

    /** All refused by x/mod's semver.IsValid too (with a v in front). */
    @ParameterizedTest
    @ValueSource(strings = {"v01.0.0", "v1.0.0.0", "go1.21.5", "v1.21rc1", "vx", "v1.0.0-01", "v1.0.0-",
            "v1.2-pre", "", "V1.0.0"})
    void refusesInvalid(String version) {
        VersionTable.invalid(go, version, "v1.0.0");
    }
}
