package dev.pharos.api.scan;

import dev.pharos.core.error.PharosException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ?wait=} of a synchronous scan request: {@code 30s}, {@code 1500ms}, {@code 2m}, {@code 30} or {@code PT30S}. */
final class WaitTime {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitTime() {
    }

    /** The wait asked for, cut to {@code max}; zero when none was asked for. */
    static Duration parse(String wait, Duration max) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        Duration asked = read(wait.strip().toLowerCase(Locale.ROOT));
        return asked.compareTo(max) > 0 ? max : asked;
    }

    private static Duration read(String wait) {
        Matcher simple = SIMPLE.matcher(wait);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration iso = Duration.parse(wait.toUpperCase(Locale.ROOT));
            if (!iso.isNegative()) {
                return iso;
            }
        } catch (DateTimeParseException e) {
            // falls through to the problem below
        }
        throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "wait must be a duration such as 30s, "
                + "1500ms, 2m or PT30S, not '" + wait + "'");
    }
}
