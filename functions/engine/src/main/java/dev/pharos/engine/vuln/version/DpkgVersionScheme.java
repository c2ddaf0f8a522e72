package dev.pharos.engine.vuln.version;

import java.util.regex.Pattern;

/**
 * Debian and Ubuntu package versions, Debian Policy 5.6.12 ({@code [epoch:]upstream_version[-debian_revision]}).
 * <p>
 * Written here rather than taken from versatile's {@code DebianVersion}: its ordering agrees with
 * {@code dpkg --compare-versions}, but it accepts versions dpkg rejects (an empty revision {@code 1.0-}, an empty
 * upstream version {@code -1}, a non-numeric epoch {@code x:1.0}) and fails with a {@code NumberFormatException} on
 * digit runs longer than a {@code long}, which dpkg compares fine.
 */
final class DpkgVersionScheme implements VersionScheme {
    static final DpkgVersionScheme INSTANCE = new DpkgVersionScheme();

    /** Policy 5.6.12: upstream may contain alphanumerics and {@code . + - ~} (and {@code :} only with an epoch). */
    private static final Pattern UPSTREAM = Pattern.compile("[A-Za-z0-9.+~:-]+");
    /** Policy 5.6.12: the revision may contain only alphanumerics and {@code + . ~}. */
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9.+~]+");
    /** The epoch is "a single (generally small) unsigned integer"; dpkg refuses epochs above INT_MAX. */
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,10}");

    private final ParsedVersions<Parsed> parsed = new ParsedVersions<>(this::parse);

    private DpkgVersionScheme() {
    }

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int compare(String a, String b) {
        Parsed x = parsed.get(a);
        Parsed y = parsed.get(b);
        int c = Long.compare(x.epoch, y.epoch);
        if (c != 0) {
            return c;
        }
        c = compareFragment(x.upstream, y.upstream);
        return c != 0 ? c : compareFragment(x.revision, y.revision);
    }

    private record Parsed(long epoch, String upstream, String revision) {
    }

    private Parsed parse(String v) {
        int colon = v.indexOf(':');
        long epoch = 0;
        String rest = v;
        if (colon >= 0) {
            String e = v.substring(0, colon);
            if (!EPOCH.matcher(e).matches() || Long.parseLong(e) > Integer.MAX_VALUE) {
                throw invalid(v, "the epoch must be an unsigned integer");
            }
            epoch = Long.parseLong(e);
            rest = v.substring(colon + 1);
        }
        // The revision is everything after the last hyphen; without a hyphen there is no revision, which compares
        // like "0" (an absent revision is the empty string, and "" == "0" under the comparison below).
        int hyphen = rest.lastIndexOf('-');
        String upstream = hyphen >= 0 ? rest.substring(0, hyphen) : rest;
        String revision = hyphen >= 0 ? rest.substring(hyphen + 1) : "";
        if (upstream.isEmpty()) {
            throw invalid(v, "the upstream version is empty");
        }
        if (!UPSTREAM.matcher(upstream).matches() || (colon < 0 && upstream.indexOf(':') >= 0)) {
            throw invalid(v, "the upstream version may contain only alphanumerics and . + - ~ (Policy 5.6.12)");
        }
        if (hyphen >= 0 && !REVISION.matcher(revision).matches()) {
            throw invalid(v, "the revision must be non-empty alphanumerics and + . ~ (Policy 5.6.12)");
        }
        return new Parsed(epoch, upstream, revision);
    }

    /**
     * Policy 5.6.12: alternately compare the longest leading non-digit parts (lexically, letters before non-letters,
     * {@code ~} before everything including the end) and the longest leading digit parts (numerically, empty = 0).
     */
    private static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int c = order(a, i) - order(b, j);
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
            }
            int si = i;
            int sj = j;
            while (i < a.length() && isDigit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && isDigit(b.charAt(j))) {
                j++;
            }
            int c = Digits.compare(a.substring(si, i), b.substring(sj, j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The weight of the character at {@code i} in a non-digit part; past the part's end it weighs 0. */
    private static int order(String s, int i) {
        if (i >= s.length() || isDigit(s.charAt(i))) {
            return 0;
        }
        char ch = s.charAt(i);
        if (ch == '~') {
            return -1;
        }
        return Character.isLetter(ch) ? ch : ch + 256;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private InvalidVersionException invalid(String v, String reason) {
        return new InvalidVersionException(name(), v, reason);
    }
}
