package dev.pharos.engine.vuln.version;

/**
 * Numeric comparison of digit strings of any length. Every scheme here compares numbers this way, so a version
 * with a huge number (hostile or just a date-and-time stamp) neither overflows nor fails.
 */
final class Digits {
    private Digits() {
    }

    /** Leading zeros dropped, the longer number is larger, equal lengths compare digit by digit; "" counts as 0. */
    static int compare(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == '0') {
            k++;
        }
        return s.substring(k);
    }
}
