package dev.pharos.engine.vuln.osv;

/**
 * One range event. {@code introduced: "0"} means "from the first version"; a range with an introduced and no
 * {@code fixed}/{@code last_affected} is affected from there on, with no fix yet.
 */
public record OsvEvent(Kind kind, String version) {
    public enum Kind { INTRODUCED, FIXED, LAST_AFFECTED, LIMIT }
}
