package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maven 3's ComparableVersion (maven.apache.org/pom.html "Version Order Specification"), which is what OSV means
 * by Maven ordering. Versatile delegates to maven-artifact, so it is right by construction; these rows prove the
 * rules we rely on.
 */
class MavenVersionSchemeTest {
    private final VersionScheme maven = VersionSchemes.forEcosystem("Maven").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # qualifier order: alpha < beta < milestone < rc = cr < snapshot < (release) < sp
            2.0-alpha1          | <  | 2.0-beta1
            2.0-beta9           | <  | 2.0-rc1
            2.0-milestone1      | <  | 2.0-rc1
            2.0-m1              | <  | 2.0-rc1
            2.0-cr1             | =  | 2.0-rc1
            2.0-rc1             | <  | 2.0-SNAPSHOT
            2.0-SNAPSHOT        | <  | 2.0
            2.0-rc1             | <  | 2.0
            2.0                 | <  | 2.0-sp1
            1.0.0-M1            | <  | 1.0.0
            # release, final and ga mean "no qualifier", in any case and with . or - as separator
            5.2.20.RELEASE      | =  | 5.2.20
            1.0.0.Final         | =  | 1.0.0
            1.0-ga              | =  | 1.0
            1.0-final           | =  | 1.0
            1.0.0.GA            | =  | 1.0
            4.1.100.Final       | >  | 4.1.94.Final
            # a, b, m directly followed by a digit are alpha, beta, milestone
            1.0a1               | =  | 1.0-alpha-1
            1.0b1               | =  | 1.0-beta-1
            1.0.RC1             | =  | 1.0-rc1
            # unknown qualifiers sort after all known ones (and after the release), lexically among themselves
            31.1-jre            | >  | 31.1
            31.1-jre            | <  | 32.0.0-android
            32.0.0-android      | <  | 32.0.0-jre
            1.0-foo             | >  | 1.0-sp
            9.4.50.v20221201    | <  | 9.4.51.v20230217
            # numbers compare numerically, trailing zeros are dropped
            2.14.1              | <  | 2.15.0-rc1
            2.12.2              | <  | 2.12.10
            2.12.2              | <  | 2.12.2.1
            1.0                 | =  | 1.0.0
            1.0                 | =  | 1-0
            # a number after a hyphen starts a sub-list, below a further dotted number
            1.0-1               | >  | 1.0
            1.0-1               | <  | 1.0.1
            99999999999999999999 | > | 1
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(maven, a, op, b);
    }

    @Test
    void sortsAJacksonSeries() {
        VersionTable.sorts(maven, "2.12.2", "2.12.7.1", "2.13.0-rc1", "2.13.0", "2.14.1", "2.15.0-rc1",
                "2.15.0", "2.15.0-sp1");
    }

    /** Maven accepts any string as a version; only blank ones and ones with whitespace cannot be coordinates. */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.0 beta", "\t1.0"})
    void refusesInvalid(String version) {
        VersionTable.invalid(maven, version, "1.0");
    }
}
