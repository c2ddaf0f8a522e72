package dev.pharos.engine.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rpmvercmp on [epoch:]version[-release]. Every row was checked with rpm 4.18's own comparison
 * ({@code rpm --eval '%{lua: print(rpm.ver(a) < rpm.ver(b))}'}); versatile 0.18.1 agrees on all of them.
 */
class RpmVersionSchemeTest {
    private final VersionScheme rpm = VersionSchemes.forEcosystem("Rocky Linux:9").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # the epoch decides first; an absent epoch is 0
            1:1.0-1                | >  | 2.0-1
            1:1.0                  | >  | 2.0
            0:1.0-1                | =  | 1.0-1
            # ~ (pre-release) sorts before everything, even the end
            1.0~rc1                | <  | 1.0
            1.0~rc1-1              | <  | 1.0-1
            1.0~~                  | <  | 1.0~
            # ^ (post-release snapshot) sorts after the end but before any further segment
            1.0^git1               | >  | 1.0
            1.0^git1               | <  | 1.0.1
            1.0^git1               | <  | 1.0^git2
            1.0~rc1^git1           | >  | 1.0~rc1
            1.0~rc1^git1           | <  | 1.0
            # segments are alternately alphabetic and numeric; a numeric segment beats an alphabetic one
            1.0a                   | >  | 1.0
            1.0a                   | <  | 1.0.1
            1.a                    | <  | 1.1
            2.5.0                  | >  | 2.5a
            1.0.a                  | <  | 1.0.1
            # alphabetic segments compare as ASCII text
            a                      | <  | b
            A                      | <  | a
            # numeric segments compare as numbers: leading zeros do not count
            1.0                    | =  | 1.00
            1.01                   | =  | 1.1
            18446744073709551616   | >  | 1
            # separators only separate: . _ + are all the same
            1_0                    | =  | 1.0
            1+0                    | =  | 1.0
            1.0                    | <  | 1.0.0
            # releases: errata (el9_1) above the base release, below the next release
            1.0-1.el9              | <  | 1.0-1.el9_1
            1.0-1.el9_1            | <  | 1.0-2.el9
            3.0.7-16.el9_2         | <  | 3.0.7-18.el9_2
            3.0.7-24.el9           | <  | 3.0.7-27.el9
            2.28-225.el8           | <  | 2.28-225.el8_8.6
            5.14.0-362.8.1.el9_3   | <  | 5.14.0-362.13.1.el9_3
            # a version with a release sorts above the same version without one (rpm.ver agrees)
            1.0                    | <  | 1.0-1
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(rpm, a, op, b);
    }

    @Test
    void everyRpmDistributionUsesRpm() {
        for (String ecosystem : new String[] {"AlmaLinux:9", "Red Hat:enterprise_linux:9::appstream",
                "openSUSE:Leap 15.5", "SUSE:Linux Enterprise Server 15 SP5", "Mageia:9", "openEuler:22.03-LTS"}) {
            assertThat(VersionSchemes.forEcosystem(ecosystem)).as(ecosystem).get()
                    .extracting(VersionScheme::name).isEqualTo("rpm");
        }
    }

    /**
     * rpm.ver() parses almost anything, so these follow what rpmbuild accepts in a spec file: Epoch is an integer,
     * Version and Release have no {@code -} and only alphanumerics and {@code . _ + ~ ^} (after macro expansion).
     * Versatile 0.18.1 accepts {@code x:1.0} and throws NumberFormatException on {@code 99999999999:1.0}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "x:1.0", ":1.0", "99999999999:1.0", "1.0-", "-1", "1.0-1-1", "1.0 1", "1.0:1",
            "1.0/1"})
    void refusesInvalid(String version) {
        VersionTable.invalid(rpm, version, "1.0");
    }
}
