package dev.pharos.engine.vuln.osv;

/**
 * @param type  {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4} or {@code Ubuntu} (OSV severity types)
 * @param score the vector string for CVSS types (e.g. {@code CVSS:3.1/AV:N/AC:L/...}), a label otherwise
 */
public record OsvSeverity(String type, String score) {
}
