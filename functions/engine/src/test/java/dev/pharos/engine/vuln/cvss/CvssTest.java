package dev.pharos.engine.vuln.cvss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Published scores of well-known vectors. The source of each expected value is given per block; every value was
 * also cross-checked with the independent metaeffekt calculator (npm ae-cvss-calculator 1.0.13).
 */
class CvssTest {

    @ParameterizedTest(name = "{0} = {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            // NVD scores of CVE-2021-44228 (Log4Shell) and of the many "network, no privileges, full impact" CVEs.
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H 10.0 CRITICAL",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8 CRITICAL",
            // Common NVD vectors: local information disclosure, high-complexity remote disclosure, stored XSS.
            "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N 5.5 MEDIUM",
            "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N 5.9 MEDIUM",
            "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N 6.4 MEDIUM",
            "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H 8.8 HIGH",
            "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H 7.8 HIGH",
            // FIRST CVSS v3.1 examples document: CVE-2014-0160 (Heartbleed) and CVE-2013-1937 (phpMyAdmin XSS).
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N 7.5 HIGH",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N 6.1 MEDIUM",
            // No impact: v3.1 specification section 7.1, "If Impact <= 0 then 0".
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N 0.0 NONE",
            // Least severe vector with some impact (metaeffekt calculator).
            "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N 1.6 LOW",
    })
    void v31(String vector, double score, String rating) {
        assertThat(Cvss.score(vector)).isEqualTo(new CvssScore("3.1", score, rating, vector));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ' ', value = {
            // FIRST CVSS v3.0 examples document: CVE-2013-1937 (phpMyAdmin XSS), CVE-2014-0160 (Heartbleed).
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N 6.1",
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N 7.5",
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 9.8",
    })
    void v30(String vector, double score) {
        assertThat(Cvss.score(vector).version()).isEqualTo("3.0");
        assertThat(Cvss.score(vector).baseScore()).isEqualTo(score);
    }

    /**
     * The one difference between v3.0 and v3.1 base scoring is Roundup (v3.1 specification Appendix A): v3.0
     * rounds up the floating point value, so an exact 4.0 computed as 4.000000000000001 becomes 4.1; v3.1 first
     * rounds to five decimals as an integer. No base vector hits this case (see CvssOracleTest), so the functions are
     * tested directly.
     */
    @Test
    void roundupDifferenceBetween30And31() {
        assertThat(Cvss3.roundUp30(4.000000000000001)).isEqualTo(4.1);
        assertThat(Cvss3.roundUp31(4.000000000000001)).isEqualTo(4.0);
        // Both agree where the input is meaningfully above a tenth: the specification's own example, 4.02 -> 4.1.
        assertThat(Cvss3.roundUp30(4.02)).isEqualTo(4.1);
        assertThat(Cvss3.roundUp31(4.02)).isEqualTo(4.1);
        assertThat(Cvss3.roundUp30(4.0)).isEqualTo(4.0);
        assertThat(Cvss3.roundUp31(4.0)).isEqualTo(4.0);
        // v3.1 keeps five decimals: a difference in the fifth decimal still rounds up, one in the sixth does not.
        assertThat(Cvss3.roundUp31(4.00001)).isEqualTo(4.1);
        assertThat(Cvss3.roundUp31(4.000004)).isEqualTo(4.0);
        // A float product that should be exactly 0.3 (0.1 * 3 = 0.30000000000000004).
        assertThat(Cvss3.roundUp30(0.1 * 3)).isEqualTo(0.4);
        assertThat(Cvss3.roundUp31(0.1 * 3)).isEqualTo(0.3);
    }

    @ParameterizedTest(name = "{0} = {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            // FIRST CVSS v4.0 calculator: the "network, no privileges, full impact on the vulnerable system" vector.
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N 9.3 CRITICAL",
            // Highest severity vector of MacroVector 000100, whose published score is 10 (specification data).
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H 10.0 CRITICAL",
            // No impact on either system: 0 (v4.0 reference calculator).
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N 0.0 NONE",
            // The following from the FIRST algorithm as implemented by the metaeffekt calculator (the oracle of
            // CvssOracleTest); they exercise interpolation in EQ1, EQ2, EQ3 and EQ4.
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N 5.1 MEDIUM",
            "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N 8.5 HIGH",
            "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L 5.4 MEDIUM",
            "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:H/SI:N/SA:H 6.0 MEDIUM",
            "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N 1.0 LOW",
    })
    void v40(String vector, double score, String rating) {
        assertThat(Cvss.score(vector)).isEqualTo(new CvssScore("4.0", score, rating, vector));
    }

    @Test
    void v40ThreatEnvironmentalAndSupplementalMetricsAreValidatedButDoNotChangeTheBaseScore() {
        String base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
        String full = base + "/E:U/CR:L/IR:L/AR:L/MAV:P/MAC:H/MAT:P/MPR:H/MUI:A/MVC:N/MVI:N/MVA:N/MSC:N/MSI:S/MSA:S"
                + "/S:P/AU:Y/R:I/V:C/RE:H/U:Red";
        assertThat(Cvss.score(full).baseScore()).isEqualTo(9.3);
        assertThat(Cvss.score(full).vector()).isEqualTo(full);
    }

    @Test
    void v3TemporalAndEnvironmentalMetricsDoNotChangeTheBaseScore() {
        String vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/IR:L/AR:L/MAV:P/MAC:H/MPR:H"
                + "/MUI:R/MS:C/MC:N/MI:N/MA:N";
        assertThat(Cvss.score(vector).baseScore()).isEqualTo(9.8);
    }

    @Test
    void v3MetricsInAnyOrder() {
        // v3.1 specification section 6 allows any metric order.
        assertThat(Cvss.score("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N").baseScore()).isEqualTo(9.8);
    }

    @ParameterizedTest(name = "{0} = {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            // NVD v2 scores: the classic remote code execution vector, full compromise, Heartbleed (CVE-2014-0160),
            // a typical reflected XSS.
            "AV:N/AC:L/Au:N/C:P/I:P/A:P 7.5 HIGH",
            "AV:N/AC:L/Au:N/C:C/I:C/A:C 10.0 HIGH",
            "AV:N/AC:L/Au:N/C:P/I:N/A:N 5.0 MEDIUM",
            "AV:N/AC:M/Au:N/C:N/I:P/A:N 4.3 MEDIUM",
            // metaeffekt calculator; the v2 guide gives 0 for no impact (f(Impact) = 0).
            "AV:L/AC:H/Au:M/C:N/I:N/A:P 0.8 LOW",
            "AV:N/AC:L/Au:N/C:N/I:N/A:N 0.0 LOW",
    })
    void v2(String vector, double score, String rating) {
        assertThat(Cvss.score(vector)).isEqualTo(new CvssScore("2.0", score, rating, vector));
    }

    @Test
    void v2AsNvdAndSomeAdvisoriesWriteIt() {
        assertThat(Cvss.score("(AV:N/AC:L/Au:N/C:P/I:P/A:P)").baseScore()).isEqualTo(7.5);
        assertThat(Cvss.score("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P").baseScore()).isEqualTo(7.5);
        assertThat(Cvss.score("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:H/IR:H/AR:H").baseScore())
                .isEqualTo(7.5);
    }

    @Test
    void surroundingWhiteSpaceIsIgnored() {
        assertThat(Cvss.score("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"))
                .isEqualTo(new CvssScore("3.1", 9.8, "CRITICAL", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0.0|NONE", "0.1|LOW", "3.9|LOW", "4.0|MEDIUM", "6.9|MEDIUM", "7.0|HIGH", "8.9|HIGH", "9.0|CRITICAL",
            "10.0|CRITICAL",
    })
    void firstQualitativeScale(double score, String rating) {
        assertThat(Cvss.rating(score)).isEqualTo(rating);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H|lacks mandatory base metric 'A'",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L|metric 'AV' more than once",
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|invalid value 'X' for metric 'AV' (allowed: N, A, L, P)",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1|unknown metric 'ZZ'",
            "CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|unknown metric 'av'",
            "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|malformed component ''",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/|malformed component ''",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A|malformed component 'A'",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:|malformed component 'A:'",
            "CVSS:3.1/|CVSS:3.1 vector has no metrics",
            "CVSS:3.1|CVSS:3.1 vector has no metrics",
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H|lacks mandatory base metric 'S'",
            "CVSS:5.0/AV:N|unsupported CVSS version '5.0'",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N|lacks mandatory base metric 'SA'",
            // v4.0 has a supplemental metric S (Safety) with other values than v3's Scope.
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U|invalid value 'U' for metric 'S'",
            // Safety exists only as the environmental MSI/MSA, not in the base metric SI.
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N|invalid value 'S' for metric 'SI'",
            // A v3 vector labelled 4.0 lacks AT.
            "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H|invalid value 'U' for metric 'S'",
            "AV:N/AC:L/C:P/I:P/A:P|lacks mandatory base metric 'Au'",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X|invalid value 'X' for metric 'E'",
            "(AV:N/AC:L/Au:N/C:P/I:P/A:P|not a CVSS vector",
            "HIGH|not a CVSS vector",
    })
    void malformedVectorsAreRefusedWithTheReason(String vector, String reason) {
        assertThatThrownBy(() -> Cvss.score(vector)).isInstanceOf(CvssException.class).hasMessageContaining(reason);
    }

    @Test
    void emptyAndOversizedVectorsAreRefused() {
        assertThatThrownBy(() -> Cvss.score(null)).isInstanceOf(CvssException.class).hasMessage("empty CVSS vector");
        assertThatThrownBy(() -> Cvss.score(" ")).isInstanceOf(CvssException.class).hasMessage("empty CVSS vector");
        String huge = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" + "/E:X".repeat(200);
        assertThatThrownBy(() -> Cvss.score(huge)).isInstanceOf(CvssException.class)
                .hasMessage("CVSS vector longer than 512 characters");
    }
}
