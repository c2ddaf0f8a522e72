package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian Policy 5.6.12. Every row was checked with {@code dpkg --compare-versions} (dpkg 1.21, Debian 12), and
 * every invalid version is one dpkg refuses or Policy forbids.
 */
class DpkgVersionSchemeTest {
    private final VersionScheme dpkg = VersionSchemes.forEcosystem("Debian:11").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # the epoch decides first, whatever follows
            1:1.0                 | >  | 2.0
            2:1.0                 | <  | 10:0.1
            # an absent epoch is 0
            0:1.0                 | =  | 1.0
            # ~ sorts before everything, even the end of the version
            1.0~rc1               | <  | 1.0
            1.0~~                 | <  | 1.0~
            1.0~                  | <  | 1.0
            # backports: ~bpo sorts below the version they backport
            1.0-1~bpo11+1         | <  | 1.0-1
            # revisions: stable updates (+debXuY) sit between the revision they patch and the next one
            1.0-1                 | <  | 1.0-1+deb11u1
            1.0-1+deb11u1         | <  | 1.0-2
            2.31-13+deb11u5       | <  | 2.31-13+deb11u6
            # digit runs compare numerically, not as text
            2.31-13+deb11u9       | <  | 2.31-13+deb11u10
            7.88.1-10+deb12u5     | <  | 7.88.1-10+deb12u12
            1.2.3-1ubuntu0.1      | <  | 1.2.3-1ubuntu1
            # an absent revision equals revision 0; leading zeros do not count
            1.0-0                 | =  | 1.0
            1.0                   | =  | 1.00
            # a further part makes a version greater, except ~
            1.0                   | <  | 1.0.0
            1.0                   | <  | 1.0+b1
            1.0                   | <  | 1.0a
            # Policy 5.6.12: letters sort before non-letters, upper case before lower case (ASCII)
            1.0a                  | <  | 1.0+
            1.0+                  | <  | 1.0.
            1.0a                  | <  | 1.0b
            1.0Z                  | <  | 1.0a
            # the revision is after the LAST hyphen, so the upstream version may contain hyphens
            1.0-1-1               | >  | 1.0-1
            # a colon in the upstream version is allowed when there is an epoch
            1:1.0:1-1             | <  | 1:1.0:1-2
            # digit runs longer than a long still compare numerically
            18446744073709551616  | >  | 18446744073709551615
            000000000000000000001 | =  | 1
            1.0                   | =  | 1.0
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(dpkg, a, op, b);
    }

    @Test
    void sortsAStableUpdateSeries() {
        VersionTable.sorts(dpkg, "2.31-13~bpo10+1", "2.31-13", "2.31-13+deb11u1", "2.31-13+deb11u2",
                "2.31-13+deb11u10", "2.31-14", "2.32~rc1-1", "2.32-1", "1:2.0-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.0-", "x:1.0", ":1.0", "1.0:1", "1.0_1", "1.0%1", "1.0 1",
            "99999999999:1.0", "1:", "1.0-1:2"})
    void refusesInvalid(String version) {
        VersionTable.invalid(dpkg, version, "1.0");
    }
}
