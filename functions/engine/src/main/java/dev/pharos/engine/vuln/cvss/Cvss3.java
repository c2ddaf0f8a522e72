package dev.pharos.engine.vuln.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CVSS v3.0 and v3.1 base score (FIRST CVSS v3.1 specification section 7.1 and 7.4, v3.0 section 8.1). The two
 * versions share metrics, weights and base equations; they differ only in the Roundup function (see
 * {@link #roundUp31} and {@link #roundUp30}). Temporal and environmental metrics are validated but do not change
 * the base score.
 */
final class Cvss3 {
    private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
    private static final Map<String, List<String>> METRICS = metrics();

    private Cvss3() {
    }

    static double baseScore(String version, String body) {
        Map<String, String> m = VectorParser.parse("CVSS:" + version, body, METRICS, BASE);
        boolean changed = m.get("S").equals("C");
        // Impact Sub-Score: 1 - [(1 - C) x (1 - I) x (1 - A)]
        double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av(m.get("AV")) * ac(m.get("AC")) * pr(m.get("PR"), changed) * ui(m.get("UI"));
        if (impact <= 0) {
            return 0.0;
        }
        double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
        return version.equals("3.0") ? roundUp30(raw) : roundUp31(raw);
    }

    /**
     * v3.1 specification Appendix A: Roundup on an integer copy of the input, so that a value such as
     * 4.000000000000001 (a floating point artefact of an exact 4.0) is not raised to 4.1.
     */
    static double roundUp31(double input) {
        long intInput = Math.round(input * 100_000);
        if (intInput % 10_000 == 0) {
            return intInput / 100_000.0;
        }
        return (Math.floorDiv(intInput, 10_000) + 1) / 10.0;
    }

    /**
     * v3.0 specification section 8.1: "the smallest number, specified to one decimal place, that is equal to or
     * higher than its input", applied to the floating point value as the v3.0 calculator did. It deliberately keeps
     * v3.0's floating point behaviour so that v3.0 vectors score as they were published.
     */
    static double roundUp30(double input) {
        return Math.ceil(input * 10) / 10;
    }

    private static double av(String v) {
        return switch (v) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            default -> 0.2; // P
        };
    }

    private static double ac(String v) {
        return v.equals("L") ? 0.77 : 0.44;
    }

    /** Privileges Required weighs more when the scope changes (v3.1 specification section 7.4). */
    private static double pr(String v, boolean scopeChanged) {
        return switch (v) {
            case "N" -> 0.85;
            case "L" -> scopeChanged ? 0.68 : 0.62;
            default -> scopeChanged ? 0.5 : 0.27; // H
        };
    }

    private static double ui(String v) {
        return v.equals("N") ? 0.85 : 0.62;
    }

    private static double cia(String v) {
        return switch (v) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            default -> 0.0; // N
        };
    }

    /** Every v3.x metric and its values (v3.1 specification section 6, Table 15). */
    private static Map<String, List<String>> metrics() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("AV", List.of("N", "A", "L", "P"));
        m.put("AC", List.of("L", "H"));
        m.put("PR", List.of("N", "L", "H"));
        m.put("UI", List.of("N", "R"));
        m.put("S", List.of("U", "C"));
        for (String cia : List.of("C", "I", "A")) {
            m.put(cia, List.of("H", "L", "N"));
        }
        m.put("E", List.of("X", "H", "F", "P", "U"));
        m.put("RL", List.of("X", "U", "W", "T", "O"));
        m.put("RC", List.of("X", "C", "R", "U"));
        for (String req : List.of("CR", "IR", "AR")) {
            m.put(req, List.of("X", "H", "M", "L"));
        }
        m.put("MAV", List.of("X", "N", "A", "L", "P"));
        m.put("MAC", List.of("X", "L", "H"));
        m.put("MPR", List.of("X", "N", "L", "H"));
        m.put("MUI", List.of("X", "N", "R"));
        m.put("MS", List.of("X", "U", "C"));
        for (String mcia : List.of("MC", "MI", "MA")) {
            m.put(mcia, List.of("X", "H", "L", "N"));
        }
        return Map.copyOf(m);
    }
}
