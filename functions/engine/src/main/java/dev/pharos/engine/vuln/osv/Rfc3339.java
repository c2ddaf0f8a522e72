package dev.pharos.engine.vuln.osv;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * RFC 3339 timestamps as OSV uses them ({@code modified}, {@code published}, {@code withdrawn}, and the times of
 * {@code modified_id.csv}). An import reads and writes several per record, and the general formatters were a fifth
 * of its parsing CPU (docs/benchmarks.md, "Advisories"): the UTC form OSV publishes, {@code 2021-12-10T00:00:00Z}
 * with an optional fraction, is read and written by hand; anything else goes through {@code java.time}, so both
 * paths accept and produce exactly the same.
 */
public final class Rfc3339 {
    private static final int DATE_TIME = "yyyy-MM-ddTHH:mm:ss".length();

    private Rfc3339() {
    }

    /**
     * @throws DateTimeParseException if {@code text} is not an RFC 3339 date-time (RFC 3339 section 5.6; the
     *                                {@code T} and {@code Z} may be lower case, section 5.6 note)
     */
    public static Instant parse(String text) {
        Instant utc = utc(text);
        return utc != null ? utc
                : OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /** The same text as {@link Instant#toString()}. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        // Years 0000-9999 without a fraction: the hand-written form; others (signed years, fractions) java.time's.
        if (instant.getNano() != 0 || seconds < -62_167_219_200L || seconds > 253_402_300_799L) {
            return instant.toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] out = new char[DATE_TIME + 1];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[DATE_TIME] = 'Z';
        return new String(out);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other text (left to the general parser). */
    private static Instant utc(String text) {
        int length = text.length();
        if (length < DATE_TIME + 1 || (text.charAt(length - 1) | 0x20) != 'z' || (text.charAt(10) | 0x20) != 't'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > DATE_TIME + 1) {
            int fraction = length - DATE_TIME - 2;
            if (text.charAt(DATE_TIME) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int value = number(text, DATE_TIME + 1, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // out of range: the general parser reports it
        }
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1, v = value; i >= at; i--, v /= 10) {
            out[i] = (char) ('0' + v % 10);
        }
    }
}
