package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * apk-tools 2.x ordering. No apk binary was available here; the rows follow apk-tools' src/version.c token rules
 * (read, not copied), and the implementation was also run offline against 111 rows of apk-tools' own
 * test/version.data with no mismatch (that file is not part of this repository). Rows marked "versatile: wrong" are
 * ones versatile 0.18.1's ApkVersion gets the other way round.
 */
class ApkVersionSchemeTest {
    private final VersionScheme apk = VersionSchemes.forEcosystem("Alpine:v3.19").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # pre-release suffixes sort below the release, in this order; _p (patch) sorts above it
            1.0_alpha      | <  | 1.0_beta
            1.0_beta       | <  | 1.0_pre
            1.0_pre        | <  | 1.0_rc
            1.0_rc         | <  | 1.0
            1.0            | <  | 1.0_p1
            # a suffix's number compares numerically; a present number, even 0, beats none
            1.0_alpha1     | <  | 1.0_alpha2
            1.0_rc2        | <  | 1.0_rc10
            1.0_rc         | <  | 1.0_rc0
            1.0_p          | <  | 1.0_p1
            # post-release suffixes: cvs < svn < git < hg < p (versatile: wrong for svn/git)
            1.0_rc1        | <  | 1.0_cvs
            1.0_cvs        | <  | 1.0_svn
            1.0_svn        | <  | 1.0_git
            1.0_git        | <  | 1.0_hg
            1.0_hg         | <  | 1.0_p
            # suffixes chain: a suffix after a pre-release stays below the next pre-release
            1.0_alpha      | <  | 1.0_alpha_p1
            1.0_alpha_p1   | <  | 1.0_beta
            # -rN package revisions, numerically; no revision sorts below -r0
            1.0            | <  | 1.0-r0
            1.0-r0         | <  | 1.0-r1
            1.0-r9         | <  | 1.0-r10
            3.1.4-r5       | <  | 3.1.4-r6
            1.36.1-r15     | <  | 1.36.1-r20
            2.4.57-r99     | <  | 2.4.58-r0
            1.0_rc1-r2     | <  | 1.0-r0
            # a patch suffix outranks any revision of the plain version
            1.0-r1         | <  | 1.0_p1
            # letter suffix: above the plain version, letters in order
            1.0            | <  | 1.0a
            1.0a           | <  | 1.0b
            # a further numeric component outranks a letter (versatile: wrong)
            1.0a           | <  | 1.0.1
            1.0z           | <  | 1.0.1
            # a letter outranks any suffix, even a post-release one (versatile: wrong)
            1.0_p1         | <  | 1.0a
            1.0_rc1        | <  | 1.0a
            # a further component makes a version greater
            1.0            | <  | 1.0.0
            1.10           | >  | 1.9
            # components after a dot that start with 0 sort by their count of leading zeros first
            1.01           | <  | 1.1
            1.001          | <  | 1.01
            1.00           | <  | 1.0
            1.0            | <  | 1.01
            1.01           | =  | 1.01
            # the first component is a plain number (cases from apk-tools test/version.data; versatile: wrong)
            01.0           | =  | 1.0
            1.06-r6        | <  | 006
            006            | >  | 1.0.0
            2.2.3-r2       | <  | 013
            # a letter may be followed by a revision
            2.12r-r4       | <  | 2.12r-r5
            18446744073709551616 | > | 18446744073709551615
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(apk, a, op, b);
    }

    @Test
    void sortsASeries() {
        VersionTable.sorts(apk, "1.2_alpha1", "1.2_beta", "1.2_rc1-r3", "1.2", "1.2-r1", "1.2_p1", "1.2a",
                "1.2.1_rc1", "1.2.1", "1.2.1-r4", "1.10");
    }

    @Test
    void wolfiAndChainguardUseApk() {
        VersionTable.row(VersionSchemes.forEcosystem("Wolfi").orElseThrow(), "1.0_rc1", "<", "1.0-r0");
        VersionTable.row(VersionSchemes.forEcosystem("Chainguard").orElseThrow(), "1.0a", "<", "1.0.1");
    }

    /** All accepted by versatile 0.18.1 (it ignores what it does not understand), refused by apk-tools. */
    @ParameterizedTest
    @ValueSource(strings = {"", "a1", "1.0A", "1..0", "1.0.", "1.0_foo", "1.0-1", "1.0-r", "1.0ab", "1.0_rc1a",
            "1.0-r1_p1", "v1.0", " 1.0"})
    void refusesInvalid(String version) {
        VersionTable.invalid(apk, version, "1.0");
    }
}
