package dev.pharos.engine.vuln.cvss;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants over all 2,592 CVSS v3.1 base vectors: scores within [0, 10] with one decimal, ratings that match the
 * FIRST scale, no score without impact, and a score that never drops when one metric becomes more severe.
 */
class CvssPropertyTest {
    /** Values from least to most severe (v3.1 specification section 7.4 weights). */
    private static final Map<String, List<String>> SEVERITY_ORDER = severityOrder();

    @Test
    void everyV31BaseVectorSatisfiesTheInvariants() {
        List<Map<String, String>> all = allVectors();
        assertThat(all).hasSize(2592);
        for (Map<String, String> metrics : all) {
            CvssScore score = Cvss.score(vector(metrics));
            double s = score.baseScore();
            assertThat(s).as(score.vector()).isBetween(0.0, 10.0);
            assertThat(Math.abs(s * 10 - Math.rint(s * 10))).as(score.vector()).isLessThan(1e-9);
            assertThat(score.rating()).as(score.vector()).isEqualTo(expectedRating(s));
            boolean noImpact = metrics.get("C").equals("N") && metrics.get("I").equals("N")
                    && metrics.get("A").equals("N");
            assertThat(s == 0.0).as(score.vector()).isEqualTo(noImpact);
        }
    }

    @Test
    void v31ScoresAreMonotonicInEachMetricsSeverity() {
        int comparisons = 0;
        for (Map<String, String> metrics : allVectors()) {
            double score = Cvss.score(vector(metrics)).baseScore();
            for (Map.Entry<String, List<String>> metric : SEVERITY_ORDER.entrySet()) {
                List<String> order = metric.getValue();
                int index = order.indexOf(metrics.get(metric.getKey()));
                if (index + 1 < order.size()) {
                    Map<String, String> worse = new LinkedHashMap<>(metrics);
                    worse.put(metric.getKey(), order.get(index + 1));
                    assertThat(Cvss.score(vector(worse)).baseScore())
                            .as(vector(metrics) + " with " + metric.getKey() + " raised")
                            .isGreaterThanOrEqualTo(score);
                    comparisons++;
                }
            }
        }
        assertThat(comparisons).isPositive();
    }

    private static String expectedRating(double s) {
        if (s == 0.0) {
            return "NONE";
        }
        return s <= 3.9 ? "LOW" : s <= 6.9 ? "MEDIUM" : s <= 8.9 ? "HIGH" : "CRITICAL";
    }

    private static String vector(Map<String, String> metrics) {
        StringBuilder vector = new StringBuilder("CVSS:3.1");
        metrics.forEach((metric, value) -> vector.append('/').append(metric).append(':').append(value));
        return vector.toString();
    }

    private static List<Map<String, String>> allVectors() {
        List<Map<String, String>> vectors = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, List<String>> metric : SEVERITY_ORDER.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> prefix : vectors) {
                for (String value : metric.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(prefix);
                    extended.put(metric.getKey(), value);
                    next.add(extended);
                }
            }
            vectors = next;
        }
        return vectors;
    }

    private static Map<String, List<String>> severityOrder() {
        Map<String, List<String>> order = new LinkedHashMap<>();
        order.put("AV", List.of("P", "L", "A", "N"));
        order.put("AC", List.of("H", "L"));
        order.put("PR", List.of("H", "L", "N"));
        order.put("UI", List.of("R", "N"));
        // A changed scope raises the impact formula and the 1.08 factor, but also Privileges Required weights.
        order.put("S", List.of("U", "C"));
        order.put("C", List.of("N", "L", "H"));
        order.put("I", List.of("N", "L", "H"));
        order.put("A", List.of("N", "L", "H"));
        return order;
    }
}
