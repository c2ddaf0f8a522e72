package dev.pharos.engine.vuln.cvss;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every base vector of every version against an independent implementation.
 *
 * <p>The expected scores in {@code src/test/resources/vuln/cvss/} were computed with the metaeffekt CVSS calculator
 * (npm {@code ae-cvss-calculator} 1.0.13), which implements the FIRST formulas and, for v4.0, FIRST's published
 * MacroVector data and the reference calculator's rounding ({@code Math.round((x + 1e-6) * 10) / 10}). A second
 * implementation, npm {@code @pandatix/js-cvss} 0.4.4, was compared too: it has the same 270 v4.0 MacroVector
 * scores and the same scores for all v2 vectors, but differs on 450 v4.0 vectors by 0.1 (it rounds x.x5 values that
 * are just below in binary down, without the reference's offset) and on 3 v3.x vectors (it returns 7.46, unrounded,
 * for AV:L/AC:H/PR:L/UI:N/S:C with two High impacts; the specification's Roundup gives 7.5).
 */
class CvssOracleTest {
    private static final String DIR = "/vuln/cvss/";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v3.1-base.txt", "v3.0-base.txt", "v2.0-base.txt"})
    void everyBaseVectorScoresAsTheOracle(String file) throws IOException {
        List<String> lines = lines(getClass().getResourceAsStream(DIR + file));
        assertThat(lines).hasSize(file.startsWith("v2") ? 729 : 2592);
        List<String> mismatches = new ArrayList<>();
        for (String line : lines) {
            String[] vectorAndScore = line.split(" ");
            double score = Cvss.score(vectorAndScore[0]).baseScore();
            if (score != Double.parseDouble(vectorAndScore[1])) {
                mismatches.add(line + " but got " + score);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** v4.0: the 104,976 base vectors, one expected score per line in {@link #v4BaseVectors()} order. */
    @Test
    void everyV4BaseVectorScoresAsTheOracle() throws IOException {
        List<String> expected = lines(new GZIPInputStream(getClass().getResourceAsStream(DIR
                + "v4.0-base-scores.txt.gz")));
        List<String> vectors = v4BaseVectors();
        assertThat(expected).hasSize(vectors.size()).hasSize(104_976);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            double score = Cvss.score(vectors.get(i)).baseScore();
            if (score != Double.parseDouble(expected.get(i))) {
                mismatches.add(vectors.get(i) + " expected " + expected.get(i) + " but got " + score);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void v30AndV31BaseScoresAgreeOnEveryVector() throws IOException {
        for (String line : lines(getClass().getResourceAsStream(DIR + "v3.1-base.txt"))) {
            String body = line.substring("CVSS:3.1/".length(), line.indexOf(' '));
            assertThat(Cvss.score("CVSS:3.0/" + body).baseScore()).as(body)
                    .isEqualTo(Cvss.score("CVSS:3.1/" + body).baseScore());
        }
    }

    /** Metric values in the order the expected-score file was generated (first metric varies slowest). */
    static List<String> v4BaseVectors() {
        String[][] metrics = {
                {"AV", "N", "A", "L", "P"}, {"AC", "L", "H"}, {"AT", "N", "P"}, {"PR", "N", "L", "H"},
                {"UI", "N", "P", "A"}, {"VC", "H", "L", "N"}, {"VI", "H", "L", "N"}, {"VA", "H", "L", "N"},
                {"SC", "H", "L", "N"}, {"SI", "H", "L", "N"}, {"SA", "H", "L", "N"}};
        List<String> vectors = new ArrayList<>(List.of("CVSS:4.0"));
        for (String[] metric : metrics) {
            List<String> next = new ArrayList<>();
            for (String prefix : vectors) {
                for (int v = 1; v < metric.length; v++) {
                    next.add(prefix + "/" + metric[0] + ":" + metric[v]);
                }
            }
            vectors = next;
        }
        return vectors;
    }

    private static List<String> lines(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
