package dev.pharos.engine.vuln.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CVSS v2 base score ("A Complete Guide to the Common Vulnerability Scoring System Version 2.0", section 3.2.1).
 * Temporal and environmental metrics are validated but do not change the base score.
 */
final class Cvss2 {
    private static final List<String> BASE = List.of("AV", "AC", "Au", "C", "I", "A");
    private static final Map<String, List<String>> METRICS = metrics();

    private Cvss2() {
    }

    static double baseScore(String body) {
        Map<String, String> m = VectorParser.parse("CVSS:2.0", body, METRICS, BASE);
        double impact = 10.41 * (1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A"))));
        double exploitability = 20 * av(m.get("AV")) * ac(m.get("AC")) * au(m.get("Au"));
        double fImpact = impact == 0 ? 0 : 1.176;
        return roundToOneDecimal((0.6 * impact + 0.4 * exploitability - 1.5) * fImpact);
    }

    /** The guide's "round_to_1_decimal", half up. */
    private static double roundToOneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double av(String v) {
        return switch (v) {
            case "L" -> 0.395;
            case "A" -> 0.646;
            default -> 1.0; // N
        };
    }

    private static double ac(String v) {
        return switch (v) {
            case "H" -> 0.35;
            case "M" -> 0.61;
            default -> 0.71; // L
        };
    }

    private static double au(String v) {
        return switch (v) {
            case "M" -> 0.45;
            case "S" -> 0.56;
            default -> 0.704; // N
        };
    }

    private static double cia(String v) {
        return switch (v) {
            case "P" -> 0.275;
            case "C" -> 0.660;
            default -> 0.0; // N
        };
    }

    /** Every v2 metric and its values (guide section 2.4, Table 13). */
    private static Map<String, List<String>> metrics() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("AV", List.of("L", "A", "N"));
        m.put("AC", List.of("H", "M", "L"));
        m.put("Au", List.of("M", "S", "N"));
        for (String cia : List.of("C", "I", "A")) {
            m.put(cia, List.of("N", "P", "C"));
        }
        m.put("E", List.of("U", "POC", "F", "H", "ND"));
        m.put("RL", List.of("OF", "TF", "W", "U", "ND"));
        m.put("RC", List.of("UC", "UR", "C", "ND"));
        m.put("CDP", List.of("N", "L", "LM", "MH", "H", "ND"));
        m.put("TD", List.of("N", "L", "M", "H", "ND"));
        for (String req : List.of("CR", "IR", "AR")) {
            m.put(req, List.of("L", "M", "H", "ND"));
        }
        return Map.copyOf(m);
    }
}
