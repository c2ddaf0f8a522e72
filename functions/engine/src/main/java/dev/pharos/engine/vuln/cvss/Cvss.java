package dev.pharos.engine.vuln.cvss;

/**
 * CVSS base scores from vector strings, as OSV {@code severity[]} entries carry them ({@code CVSS_V2},
 * {@code CVSS_V3}, {@code CVSS_V4}).
 *
 * <ul>
 *   <li>{@code CVSS:3.0/...}, {@code CVSS:3.1/...}: FIRST CVSS v3.0 / v3.1 specification;</li>
 *   <li>{@code CVSS:4.0/...}: FIRST CVSS v4.0 specification (CVSS-B, threat and environmental metrics as X);</li>
 *   <li>{@code AV:N/AC:L/Au:N/C:P/I:P/A:P}, optionally prefixed {@code CVSS:2.0/} or in parentheses as NVD prints
 *       it: CVSS v2 guide.</li>
 * </ul>
 *
 * Ratings follow the FIRST qualitative severity scale (v3.1 specification section 5, v4.0 section 6):
 * 0.0 NONE, 0.1-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-8.9 HIGH, 9.0-10.0 CRITICAL. CVSS v2 defines no scale; its rating is
 * NVD's v2 one: 0.0-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-10.0 HIGH.
 */
public final class Cvss {
    /** Far longer than a vector with every v4.0 metric; anything longer is not a vector. */
    static final int MAX_LENGTH = 512;

    private Cvss() {
    }

    /**
     * @throws CvssException if the vector is malformed, of an unsupported version, or lacks a base metric
     */
    public static CvssScore score(String vector) {
        if (vector == null || vector.isBlank()) {
            throw new CvssException("empty CVSS vector");
        }
        String trimmed = vector.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw new CvssException("CVSS vector longer than " + MAX_LENGTH + " characters");
        }
        if (trimmed.startsWith("CVSS:")) {
            int slash = trimmed.indexOf('/');
            String version = slash < 0 ? trimmed.substring(5) : trimmed.substring(5, slash);
            String body = slash < 0 ? "" : trimmed.substring(slash + 1);
            return switch (version) {
                case "3.0", "3.1" -> modern(version, Cvss3.baseScore(version, body), trimmed);
                case "4.0" -> modern(version, Cvss4.baseScore(body), trimmed);
                case "2.0" -> v2(Cvss2.baseScore(body), trimmed);
                default -> throw new CvssException("unsupported CVSS version '" + version + "'");
            };
        }
        if (trimmed.startsWith("(") && trimmed.endsWith(")")) {
            return v2(Cvss2.baseScore(trimmed.substring(1, trimmed.length() - 1)), trimmed);
        }
        if (trimmed.startsWith("AV:")) {
            return v2(Cvss2.baseScore(trimmed), trimmed);
        }
        throw new CvssException("not a CVSS vector: no 'CVSS:' version prefix and not a CVSS v2 vector");
    }

    /** FIRST qualitative severity rating scale, shared by v3.x and v4.0. */
    static String rating(double score) {
        if (score == 0.0) {
            return "NONE";
        }
        if (score < 4.0) {
            return "LOW";
        }
        if (score < 7.0) {
            return "MEDIUM";
        }
        return score < 9.0 ? "HIGH" : "CRITICAL";
    }

    private static CvssScore modern(String version, double score, String vector) {
        return new CvssScore(version, score, rating(score), vector);
    }

    private static CvssScore v2(double score, String vector) {
        String rating = score < 4.0 ? "LOW" : score < 7.0 ? "MEDIUM" : "HIGH";
        return new CvssScore("2.0", score, rating, vector);
    }
}
