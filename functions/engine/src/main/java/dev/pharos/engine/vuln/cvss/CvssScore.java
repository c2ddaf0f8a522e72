package dev.pharos.engine.vuln.cvss;

/**
 * A computed CVSS base score.
 *
 * @param version   {@code 2.0}, {@code 3.0}, {@code 3.1} or {@code 4.0}
 * @param baseScore 0.0 to 10.0, one decimal
 * @param rating    NONE, LOW, MEDIUM, HIGH or CRITICAL (v2: LOW, MEDIUM or HIGH; see {@link Cvss})
 * @param vector    the vector as given, surrounding white space removed
 */
public record CvssScore(String version, double baseScore, String rating, String vector) {
}
