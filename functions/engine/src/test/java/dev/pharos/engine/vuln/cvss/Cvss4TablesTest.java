package dev.pharos.engine.vuln.cvss;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structural checks of the MacroVector table. Base vectors only reach MacroVectors with EQ4 1 or 2 and EQ5 0, so
 * CvssOracleTest cannot catch a wrong entry elsewhere; these properties of the published data can catch most typos.
 * (The entries themselves were compared one by one with the tables of npm ae-cvss-calculator 1.0.13 and
 * {@code @pandatix/js-cvss} 0.4.4, which agree with each other and with FIRST's published {@code cvss_lookup}.)
 */
class Cvss4TablesTest {

    @Test
    void everyValidLevelCombinationHasAScoreAndNoOtherDoes() {
        int defined = 0;
        for (int[] eq : combinations(4)) {
            boolean valid = eq[0] <= 2 && eq[1] <= 1 && eq[2] <= 2 && eq[3] <= 2 && eq[4] <= 2 && eq[5] <= 1
                    && !(eq[2] == 2 && eq[5] == 0); // EQ3 2 (no High impact) excludes EQ6 0
            OptionalDouble score = Cvss4Tables.macroScore(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);
            assertThat(score.isPresent()).as(key(eq)).isEqualTo(valid);
            if (valid) {
                defined++;
                assertThat(score.getAsDouble()).as(key(eq)).isBetween(0.1, 10.0);
            }
        }
        assertThat(defined).isEqualTo(270);
    }

    /** A higher level in any equivalence set is less severe: its score is never higher (true of the whole table). */
    @Test
    void scoresNeverRiseWhenAnEquivalenceSetLevelRises() {
        int comparisons = 0;
        for (int[] eq : combinations(3)) {
            OptionalDouble score = Cvss4Tables.macroScore(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);
            for (int i = 0; i < 6 && score.isPresent(); i++) {
                int[] lower = eq.clone();
                lower[i]++;
                OptionalDouble lowerScore = Cvss4Tables.macroScore(lower[0], lower[1], lower[2], lower[3], lower[4],
                        lower[5]);
                if (lowerScore.isPresent()) {
                    assertThat(lowerScore.getAsDouble()).as(key(eq) + " -> " + key(lower))
                            .isLessThanOrEqualTo(score.getAsDouble());
                    comparisons++;
                }
            }
        }
        assertThat(comparisons).isGreaterThan(500);
    }

    @Test
    void theTopAndBottomMacroVectorsScoreAsPublished() {
        assertThat(Cvss4Tables.macroScore(0, 0, 0, 0, 0, 0)).hasValue(10.0);
        assertThat(Cvss4Tables.macroScore(2, 1, 2, 2, 2, 1)).hasValue(0.1);
    }

    private static List<int[]> combinations(int levels) {
        List<int[]> all = new ArrayList<>();
        for (int n = 0; n < Math.pow(levels, 6); n++) {
            int[] eq = new int[6];
            int rest = n;
            for (int i = 5; i >= 0; i--) {
                eq[i] = rest % levels;
                rest /= levels;
            }
            all.add(eq);
        }
        return all;
    }

    private static String key(int[] eq) {
        StringBuilder key = new StringBuilder();
        for (int level : eq) {
            key.append(level);
        }
        return key.toString();
    }
}
