package dev.pharos.engine.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEP 440. Every row was checked with the reference implementation, {@code packaging.version.Version}
 * (packaging 26.2); the invalid versions are ones it refuses.
 */
class Pep440SchemeTest {
    private final VersionScheme pep440 = VersionSchemes.forEcosystem("PyPI").orElseThrow();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # the epoch decides first; an absent epoch is 0
            1!1.0              | >  | 2.0
            1!1.0              | <  | 1!2.0
            0!1.0              | =  | 1.0
            # dev < alpha < beta < rc < release < post
            1.0.dev1           | <  | 1.0a1
            1.0a1              | <  | 1.0b1
            1.0b1              | <  | 1.0rc1
            1.0rc1             | <  | 1.0
            1.0                | <  | 1.0.post1
            # a dev release sorts just below what it is a dev release of
            1.0a1.dev1         | <  | 1.0a1
            1.0.dev456         | <  | 1.0a1.dev1
            1.0.post1.dev1     | <  | 1.0.post1
            1.0.post1.dev1     | >  | 1.0
            1.0.dev1           | <  | 1.0.post1.dev1
            1.0rc1.post1       | >  | 1.0rc1
            1.0rc1.post1       | <  | 1.0rc2
            1.0.post1          | <  | 1.1.dev1
            # local versions sort above their public version, below the next post release
            1.0                | <  | 1.0+local
            1.0+local          | <  | 1.0.post1
            1.0+ubuntu1        | >  | 1.0
            1.0+abc            | <  | 1.0+abd
            1.0+abc.1          | <  | 1.0+abc.2
            1.0+abc            | <  | 1.0+abc.1
            # an alphanumeric local segment sorts below a numeric one (versatile: wrong)
            1.0+abc            | <  | 1.0+1
            # normalisation: trailing zeros, case, spellings, separators, implicit numbers, a leading v
            1.0                | =  | 1.0.0
            1.0RC1             | =  | 1.0rc1
            1.0c1              | =  | 1.0rc1
            1.0-pre1           | =  | 1.0rc1
            1.0alpha1          | =  | 1.0a1
            1.0-alpha.1        | =  | 1.0a1
            1.0_rc_1           | =  | 1.0rc1
            1.0a               | =  | 1.0a0
            1.0-1              | =  | 1.0.post1
            1.0.rev1           | =  | 1.0.post1
            1.0.post           | =  | 1.0.post0
            1.0.dev            | =  | 1.0.dev0
            v1.0               | =  | 1.0
            1.0+UBUNTU.1       | =  | 1.0+ubuntu-1
            # numbers compare numerically at any size
            2.0.0              | <  | 10.0.0
            1.0.0.0.0.1        | >  | 1.0
            99999999999999999999 | > | 9999999999999999999
            """)
    void orders(String a, String op, String b) {
        VersionTable.row(pep440, a, op, b);
    }

    @Test
    void sortsTheSpecSummary() {
        VersionTable.sorts(pep440, "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
                "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.0.0-", "1.0++", "1..0", "1.0a1b1", "1.0+", "1.0+a..b", "1!", "!1.0",
            "1.0-dev-post1"})
    void refusesInvalid(String version) {
        VersionTable.invalid(pep440, version, "1.0");
    }
}
