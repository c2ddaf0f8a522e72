package dev.pharos.api.image;

import dev.pharos.core.error.PharosException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finding severities in rising order, as the matcher writes them (CVSS qualitative ratings, UNKNOWN when nothing
 * rated a finding). A minimum-severity filter takes the level and everything above it: HIGH is HIGH or CRITICAL;
 * UNKNOWN, the lowest, is any severity.
 */
public enum SeverityLevel {
    UNKNOWN, NONE, LOW, MEDIUM, HIGH, CRITICAL;

    public static SeverityLevel parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "severity must be one of "
                    + Arrays.toString(values()) + ", not '" + value + "'");
        }
    }

    /** This level and the ones above it. */
    public List<String> andAbove() {
        return Arrays.stream(values()).filter(level -> level.compareTo(this) >= 0).map(Enum::name).toList();
    }

    /** SQL ordering findings most severe first. */
    static String mostSevereFirst(String column) {
        return "array_position(ARRAY['CRITICAL','HIGH','MEDIUM','LOW','NONE','UNKNOWN'], upper(" + column + "))";
    }
}
