package dev.pharos.engine.vuln.cvss;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * CVSS v4.0 base score (CVSS-B) by the MacroVector interpolation of the v4.0 specification section 8.2, as FIRST's
 * reference calculator implements it. Threat, environmental and supplemental metrics are validated but scored as
 * Not Defined (X): Exploit Maturity then counts as Attacked and the security requirements as High (section 8.3),
 * which gives the base score.
 *
 * <p>Severity distances are counted in integer steps (the reference uses steps of 0.1), so only the final
 * interpolation works in floating point.
 */
final class Cvss4 {
    private static final List<String> BASE = List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");
    private static final Map<String, List<String>> METRICS = metrics();
    private static final List<String> IMPACTS = List.of("VC", "VI", "VA", "SC", "SI", "SA");

    /** Severity level of each value: 0 is the most severe, one step per value (reference calculator levels). */
    private static final Map<String, Map<String, Integer>> LEVELS = Map.ofEntries(
            Map.entry("AV", Map.of("N", 0, "A", 1, "L", 2, "P", 3)),
            Map.entry("PR", Map.of("N", 0, "L", 1, "H", 2)),
            Map.entry("UI", Map.of("N", 0, "P", 1, "A", 2)),
            Map.entry("AC", Map.of("L", 0, "H", 1)),
            Map.entry("AT", Map.of("N", 0, "P", 1)),
            Map.entry("VC", Map.of("H", 0, "L", 1, "N", 2)),
            Map.entry("VI", Map.of("H", 0, "L", 1, "N", 2)),
            Map.entry("VA", Map.of("H", 0, "L", 1, "N", 2)),
            // Subsequent system integrity and availability have a level above High: Safety (MSI:S, MSA:S).
            Map.entry("SC", Map.of("H", 1, "L", 2, "N", 3)),
            Map.entry("SI", Map.of("S", 0, "H", 1, "L", 2, "N", 3)),
            Map.entry("SA", Map.of("S", 0, "H", 1, "L", 2, "N", 3)),
            Map.entry("CR", Map.of("H", 0, "M", 1, "L", 2)),
            Map.entry("IR", Map.of("H", 0, "M", 1, "L", 2)),
            Map.entry("AR", Map.of("H", 0, "M", 1, "L", 2)));

    private Cvss4() {
    }

    static double baseScore(String body) {
        Map<String, String> parsed = VectorParser.parse("CVSS:4.0", body, METRICS, BASE);
        Map<String, String> v = new HashMap<>();
        BASE.forEach(metric -> v.put(metric, parsed.get(metric)));
        // Not Defined threat and environmental metrics take their worst case (specification section 8.3).
        v.put("E", "A");
        v.put("CR", "H");
        v.put("IR", "H");
        v.put("AR", "H");
        return score(v);
    }

    private static double score(Map<String, String> v) {
        // No impact on either system: the score is 0 whatever the exploitability.
        if (IMPACTS.stream().allMatch(metric -> v.get(metric).equals("N"))) {
            return 0.0;
        }
        int eq1 = eq1(v);
        int eq2 = eq2(v);
        int eq3 = eq3(v);
        int eq4 = eq4(v);
        int eq5 = eq5(v);
        int eq6 = eq6(v);
        double value = Cvss4Tables.macroScore(eq1, eq2, eq3, eq4, eq5, eq6).orElseThrow(
                () -> new IllegalStateException("no MacroVector " + eq1 + eq2 + eq3 + eq4 + eq5 + eq6));

        // 1a. Maximal scoring difference per equivalence set: this MacroVector's score minus that of the next lower
        // MacroVector in the set, when one exists.
        OptionalDouble lowerEq1 = Cvss4Tables.macroScore(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
        OptionalDouble lowerEq2 = Cvss4Tables.macroScore(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
        OptionalDouble lowerEq3Eq6 = lowerEq3Eq6(eq1, eq2, eq3, eq4, eq5, eq6);
        OptionalDouble lowerEq4 = Cvss4Tables.macroScore(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
        OptionalDouble lowerEq5 = Cvss4Tables.macroScore(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

        // 1b. Severity distance from the first highest severity vector of the MacroVector that is at least as severe
        // as this vector in every metric.
        Map<String, Integer> distance = distanceToHighest(v, eq1, eq2, eq3, eq4, eq6);
        int distEq1 = distance.get("AV") + distance.get("PR") + distance.get("UI");
        int distEq2 = distance.get("AC") + distance.get("AT");
        int distEq3Eq6 = distance.get("VC") + distance.get("VI") + distance.get("VA")
                + distance.get("CR") + distance.get("IR") + distance.get("AR");
        int distEq4 = distance.get("SC") + distance.get("SI") + distance.get("SA");

        // 1c/1d. Each set contributes its scoring difference times the proportion of the set's depth this vector is
        // away from the top. EQ5 (Exploit Maturity) has one value per level, so its proportion is always 0, but an
        // existing lower EQ5 MacroVector still counts in the mean.
        double sum = 0;
        int existingLower = 0;
        if (lowerEq1.isPresent()) {
            existingLower++;
            sum += (value - lowerEq1.getAsDouble()) * distEq1 / Cvss4Tables.depthEq1(eq1);
        }
        if (lowerEq2.isPresent()) {
            existingLower++;
            sum += (value - lowerEq2.getAsDouble()) * distEq2 / Cvss4Tables.depthEq2(eq2);
        }
        if (lowerEq3Eq6.isPresent()) {
            existingLower++;
            sum += (value - lowerEq3Eq6.getAsDouble()) * distEq3Eq6 / Cvss4Tables.depthEq3Eq6(eq3, eq6);
        }
        if (lowerEq4.isPresent()) {
            existingLower++;
            sum += (value - lowerEq4.getAsDouble()) * distEq4 / Cvss4Tables.depthEq4(eq4);
        }
        if (lowerEq5.isPresent()) {
            existingLower++;
        }
        // 2./3. Subtract the mean of those contributions, bound to [0, 10] and round to one decimal. The small
        // offset is the reference calculator's: it keeps x.x5 values that land just below in binary from rounding
        // down.
        double score = existingLower == 0 ? value : value - sum / existingLower;
        score = Math.max(0.0, Math.min(10.0, score));
        return Math.round((score + 1e-6) * 10) / 10.0;
    }

    /**
     * EQ3 and EQ6 are scored jointly; their next lower level is 11 -> 21, 01 -> 11, 10 -> 11, and for 00 the higher
     * scoring of 01 and 10. 21 has none.
     */
    private static OptionalDouble lowerEq3Eq6(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
        if (eq3 == 0 && eq6 == 0) {
            // Both exist for every EQ1, EQ2, EQ4 and EQ5 level.
            double left = Cvss4Tables.macroScore(eq1, eq2, 0, eq4, eq5, 1).orElseThrow();
            double right = Cvss4Tables.macroScore(eq1, eq2, 1, eq4, eq5, 0).orElseThrow();
            return OptionalDouble.of(Math.max(left, right));
        }
        if (eq3 == 1 && eq6 == 0) {
            return Cvss4Tables.macroScore(eq1, eq2, 1, eq4, eq5, 1);
        }
        if (eq3 == 2) {
            return OptionalDouble.empty();
        }
        return Cvss4Tables.macroScore(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    }

    private static Map<String, Integer> distanceToHighest(Map<String, String> v, int eq1, int eq2, int eq3, int eq4,
                                                         int eq6) {
        for (Map<String, String> a : Cvss4Tables.highestEq1(eq1)) {
            for (Map<String, String> b : Cvss4Tables.highestEq2(eq2)) {
                for (Map<String, String> c : Cvss4Tables.highestEq3Eq6(eq3, eq6)) {
                    for (Map<String, String> d : Cvss4Tables.highestEq4(eq4)) {
                        Map<String, String> highest = new HashMap<>(a);
                        highest.putAll(b);
                        highest.putAll(c);
                        highest.putAll(d);
                        Map<String, Integer> distance = new HashMap<>();
                        boolean atLeastAsSevere = true;
                        for (Map.Entry<String, Map<String, Integer>> level : LEVELS.entrySet()) {
                            String metric = level.getKey();
                            int delta = level.getValue().get(v.get(metric)) - level.getValue().get(highest.get(metric));
                            atLeastAsSevere &= delta >= 0;
                            distance.put(metric, delta);
                        }
                        if (atLeastAsSevere) {
                            return distance;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no highest severity vector above " + v);
    }

    /** EQ1: 0 AV:N and PR:N and UI:N; 1 (AV:N or PR:N or UI:N) and not the former and not AV:P; 2 otherwise. */
    private static int eq1(Map<String, String> v) {
        boolean av = v.get("AV").equals("N");
        boolean pr = v.get("PR").equals("N");
        boolean ui = v.get("UI").equals("N");
        if (av && pr && ui) {
            return 0;
        }
        return (av || pr || ui) && !v.get("AV").equals("P") ? 1 : 2;
    }

    /** EQ2: 0 AC:L and AT:N; 1 otherwise. */
    private static int eq2(Map<String, String> v) {
        return v.get("AC").equals("L") && v.get("AT").equals("N") ? 0 : 1;
    }

    /** EQ3: 0 VC:H and VI:H; 1 otherwise with VC:H or VI:H or VA:H; 2 none High. */
    private static int eq3(Map<String, String> v) {
        boolean vc = v.get("VC").equals("H");
        boolean vi = v.get("VI").equals("H");
        if (vc && vi) {
            return 0;
        }
        return vc || vi || v.get("VA").equals("H") ? 1 : 2;
    }

    /** EQ4: 0 SI:S or SA:S (Safety, environmental only); 1 SC:H or SI:H or SA:H; 2 otherwise. */
    private static int eq4(Map<String, String> v) {
        if (v.get("SI").equals("S") || v.get("SA").equals("S")) {
            return 0;
        }
        return v.get("SC").equals("H") || v.get("SI").equals("H") || v.get("SA").equals("H") ? 1 : 2;
    }

    /** EQ5: Exploit Maturity A 0, P 1, U 2. */
    private static int eq5(Map<String, String> v) {
        return switch (v.get("E")) {
            case "A" -> 0;
            case "P" -> 1;
            default -> 2; // U
        };
    }

    /** EQ6: 0 (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H); 1 otherwise. */
    private static int eq6(Map<String, String> v) {
        boolean c = v.get("CR").equals("H") && v.get("VC").equals("H");
        boolean i = v.get("IR").equals("H") && v.get("VI").equals("H");
        boolean a = v.get("AR").equals("H") && v.get("VA").equals("H");
        return c || i || a ? 0 : 1;
    }

    /** Every v4.0 metric and its values (specification section 7, Table 23). */
    private static Map<String, List<String>> metrics() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("AV", List.of("N", "A", "L", "P"));
        m.put("AC", List.of("L", "H"));
        m.put("AT", List.of("N", "P"));
        m.put("PR", List.of("N", "L", "H"));
        m.put("UI", List.of("N", "P", "A"));
        for (String impact : List.of("VC", "VI", "VA", "SC", "SI", "SA")) {
            m.put(impact, List.of("H", "L", "N"));
        }
        m.put("E", List.of("X", "A", "P", "U"));
        for (String req : List.of("CR", "IR", "AR")) {
            m.put(req, List.of("X", "H", "M", "L"));
        }
        m.put("MAV", List.of("X", "N", "A", "L", "P"));
        m.put("MAC", List.of("X", "L", "H"));
        m.put("MAT", List.of("X", "N", "P"));
        m.put("MPR", List.of("X", "N", "L", "H"));
        m.put("MUI", List.of("X", "N", "P", "A"));
        for (String impact : List.of("MVC", "MVI", "MVA", "MSC")) {
            m.put(impact, List.of("X", "H", "L", "N"));
        }
        m.put("MSI", List.of("X", "S", "H", "L", "N"));
        m.put("MSA", List.of("X", "S", "H", "L", "N"));
        m.put("S", List.of("X", "N", "P"));
        m.put("AU", List.of("X", "N", "Y"));
        m.put("R", List.of("X", "A", "U", "I"));
        m.put("V", List.of("X", "D", "C"));
        m.put("RE", List.of("X", "L", "M", "H"));
        m.put("U", List.of("X", "Clear", "Green", "Amber", "Red"));
        return Map.copyOf(m);
    }
}
