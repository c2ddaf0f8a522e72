package dev.pharos.engine.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python package versions, PEP 440 (packaging.python.org "Version specifiers"), with its normalisation rules.
 * <ul>
 *   <li>Order: epoch ({@code 1!1.0 > 2.0}), release (trailing zeros ignored: {@code 1.0 == 1.0.0}), then
 *       {@code X.devN < XaN < XbN < XrcN < X < X.postN}; a dev release sorts below the release (or pre/post
 *       release) it belongs to ({@code 1.0a1.dev1 < 1.0a1}, {@code 1.0.post1.dev1 < 1.0.post1}).</li>
 *   <li>Local versions sort after the public version they extend ({@code 1.0 < 1.0+local < 1.0.post1}); their
 *       segments compare numerically when numeric, case-insensitively otherwise, and an alphanumeric segment sorts
 *       below a numeric one ("Local version identifiers").</li>
 *   <li>Normalisation ("Normalization" section): case-insensitive, {@code alpha/beta/c/pre/preview} spell
 *       {@code a/b/rc}, {@code rev/r} and {@code -N} spell {@code .postN}, implicit numbers are 0, separators
 *       {@code - _ .} are optional, a leading {@code v} and surrounding whitespace are ignored.</li>
 * </ul>
 * Written here rather than taken from versatile's {@code PythonVersion}, which sorts a numeric local segment below
 * an alphanumeric one ({@code 1.0+1 < 1.0+abc}; PEP 440 says the opposite), rejects the implicit post-release
 * number ({@code 1.0.post}) and fails with a {@code NumberFormatException} on numbers above {@code long}.
 */
final class Pep440Scheme implements VersionScheme {
    static final Pep440Scheme INSTANCE = new Pep440Scheme();

    private static final Pattern FORMAT = Pattern.compile(
            "v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)"
                    + "(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?([0-9]+)?)?"
                    + "(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?"
                    + "(?:[-_.]?(dev)[-_.]?([0-9]+)?)?"
                    + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private final ParsedVersions<Parsed> parsed = new ParsedVersions<>(this::parse);

    private Pep440Scheme() {
    }

    @Override
    public String name() {
        return "pep440";
    }

    /** A parsed version; an absent pre, post or dev part is {@code null}. */
    private record Parsed(String epoch, List<String> release, Integer preKind, String pre, String post,
                          String dev, List<String> local) {
    }

    @Override
    public int compare(String a, String b) {
        Parsed x = parsed.get(a);
        Parsed y = parsed.get(b);
        int c = Digits.compare(x.epoch, y.epoch);
        if (c == 0) {
            c = compareRelease(x.release, y.release);
        }
        if (c == 0) {
            c = comparePre(x, y);
        }
        if (c == 0) {
            c = compareAbsentLowest(x.post, y.post);
        }
        if (c == 0) {
            c = compareAbsentHighest(x.dev, y.dev);
        }
        return c != 0 ? c : compareLocal(x.local, y.local);
    }

    /** Missing release components are zeros: {@code 1.0 == 1.0.0}. */
    private static int compareRelease(List<String> a, List<String> b) {
        for (int k = 0; k < Math.max(a.size(), b.size()); k++) {
            int c = Digits.compare(k < a.size() ? a.get(k) : "0", k < b.size() ? b.get(k) : "0");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Without a pre-release a version sorts above its pre-releases, except a bare dev release ({@code 1.0.dev1},
     * no pre or post part), which sorts below them (PEP 440 "Summary of permitted suffixes and relative ordering").
     */
    private static int comparePre(Parsed x, Parsed y) {
        int rx = preRank(x);
        int ry = preRank(y);
        if (rx != ry) {
            return Integer.compare(rx, ry);
        }
        return x.preKind == null ? 0 : Digits.compare(x.pre, y.pre);
    }

    /** -1 for a bare dev release, 0..2 for a/b/rc, 3 for no pre-release. */
    private static int preRank(Parsed p) {
        if (p.preKind != null) {
            return p.preKind;
        }
        return p.post == null && p.dev != null ? -1 : 3;
    }

    private static int compareAbsentLowest(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Digits.compare(a, b);
    }

    private static int compareAbsentHighest(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return Digits.compare(a, b);
    }

    /** No local part sorts lowest; then segment by segment, alphanumeric below numeric, shorter below longer. */
    private static int compareLocal(List<String> a, List<String> b) {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
            String s = a.get(k);
            String t = b.get(k);
            boolean ns = isNumeric(s);
            boolean nt = isNumeric(t);
            int c = ns && nt ? Digits.compare(s, t)
                    : ns != nt ? (ns ? 1 : -1) : Integer.signum(s.compareTo(t));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static boolean isNumeric(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private Parsed parse(String v) {
        Matcher m = FORMAT.matcher(v.strip());
        if (!m.matches()) {
            throw new InvalidVersionException(name(), v, "not a PEP 440 version [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]");
        }
        Integer preKind = m.group(3) == null ? null : switch (m.group(3).toLowerCase(Locale.ROOT)) {
            case "a", "alpha" -> 0;
            case "b", "beta" -> 1;
            default -> 2; // rc, c, pre, preview
        };
        String pre = preKind == null ? null : orZero(m.group(4));
        String post = m.group(5) != null ? m.group(5) : m.group(6) != null ? orZero(m.group(7)) : null;
        String dev = m.group(8) != null ? orZero(m.group(9)) : null;
        List<String> local = new ArrayList<>();
        if (m.group(10) != null) {
            for (String s : m.group(10).toLowerCase(Locale.ROOT).split("[-_.]")) {
                local.add(s);
            }
        }
        return new Parsed(m.group(1) == null ? "0" : m.group(1), List.of(m.group(2).split("\\.")), preKind, pre,
                post, dev, List.copyOf(local));
    }

    private static String orZero(String n) {
        return n == null ? "0" : n;
    }
}
