package dev.pharos.engine.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine (and Wolfi/Chainguard) apk package versions, as apk-tools 2.x orders them ({@code apk version -t}):
 * {@code number{.number}...[letter]{_suffix[number]}...[-rN]}, per apk-tools src/version.c (the
 * Alpine wiki "APKBUILD Reference", pkgver, describes the same format).
 * <p>
 * Written here rather than taken from versatile's {@code ApkVersion}, which differs from apk-tools where it matters:
 * it ranks a letter above a further numeric component ({@code 1.0a > 1.0.1}; apk-tools and Gentoo, which apk's
 * scheme comes from, say {@code 1.0a < 1.0.1}), ranks a post-release suffix below a letter ({@code 1.0_p1 > 1.0a};
 * apk-tools says less), orders {@code _svn} above {@code _git} (apk-tools: cvs < svn < git < hg < p), and silently
 * accepts versions apk-tools rejects ({@code 1.0A}, {@code 1..0}, {@code 1.0_foo}, {@code 1.0-1}). It also fails
 * apk-tools' own test vectors with a zero-led first component ({@code 006 > 1.0.0}, {@code 013 > 2.2.3-r2}).
 * Numbers here compare at any length; apk-tools 2.x reads them into an {@code int}.
 * <p>
 * The comparison walks both versions token by token as apk-tools does: numeric components, the letter, suffixes,
 * the revision. Where the two versions have tokens of different kinds next, the one that goes on with the
 * "earlier" kind is greater (a further numeric component outranks a letter, a letter a suffix, a suffix a
 * revision, anything the end), except that a pre-release suffix ({@code _alpha _beta _pre _rc}) is below all.
 */
final class ApkVersionScheme implements VersionScheme {
    static final ApkVersionScheme INSTANCE = new ApkVersionScheme();

    private static final Pattern FORMAT = Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)*)([a-z])?((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*)(?:-r([0-9]+))?");
    private static final Pattern SUFFIX = Pattern.compile("_([a-z]+)([0-9]*)");
    /** apk-tools' suffix tables: the pre-release ones sort below no suffix, the post-release ones above. */
    private static final List<String> PRE = List.of("alpha", "beta", "pre", "rc");
    private static final List<String> POST = List.of("cvs", "svn", "git", "hg", "p");

    /**
     * Token kinds in apk-tools' order. When the two versions' next tokens are of different kinds, the version whose
     * token kind comes first is the greater one (a further component is "more" than what the other has next).
     */
    private enum Kind { NUMBER, LETTER, SUFFIX, REVISION, END }

    private record Token(Kind kind, String digits, int value) {
    }

    private final ParsedVersions<List<Token>> parsed = new ParsedVersions<>(this::tokens);

    private ApkVersionScheme() {
    }

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public int compare(String a, String b) {
        List<Token> x = parsed.get(a);
        List<Token> y = parsed.get(b);
        for (int k = 0; ; k++) {
            Token s = x.get(k);
            Token t = y.get(k);
            if (s.kind != t.kind) {
                return differentKinds(s, t);
            }
            int c = compareSame(s, t, k == 0);
            if (c != 0 || s.kind == Kind.END) {
                return c;
            }
        }
    }

    /** apk-tools: a pre-release suffix ranks below anything; otherwise the earlier kind is the greater version. */
    private static int differentKinds(Token s, Token t) {
        if (isPreRelease(s)) {
            return -1;
        }
        if (isPreRelease(t)) {
            return 1;
        }
        return Integer.compare(t.kind.ordinal(), s.kind.ordinal());
    }

    private static boolean isPreRelease(Token t) {
        return t.kind == Kind.SUFFIX && t.value < 0;
    }

    private static int compareSame(Token s, Token t, boolean first) {
        return switch (s.kind) {
            // The first component is always a plain number (apk-tools starts in TOKEN_DIGIT).
            case NUMBER -> first ? Digits.compare(s.digits, t.digits) : compareComponent(s, t);
            case LETTER -> Integer.compare(s.value, t.value);
            case SUFFIX -> s.value != t.value ? Integer.compare(s.value, t.value) : compareOptional(s.digits, t.digits);
            case REVISION -> Digits.compare(s.digits, t.digits);
            case END -> 0;
        };
    }

    /** A suffix number that is present outranks an absent one, even {@code 0}: apk-tools {@code 1.0_rc0 > 1.0_rc}. */
    private static int compareOptional(String a, String b) {
        if (a.isEmpty() != b.isEmpty()) {
            return a.isEmpty() ? -1 : 1;
        }
        return Digits.compare(a, b);
    }

    /**
     * apk-tools (get_token, TOKEN_DIGIT_OR_ZERO) gives a component after a dot that starts with {@code 0} the
     * negative count of its leading zeros, then compares the digits after the zeros as a number. So more zeros sort
     * lower ({@code 1.001 < 1.01 < 1.1}, {@code 1.00 < 1.0}) and a zero-led component sorts below any other.
     */
    private static int compareComponent(Token s, Token t) {
        int zs = leadingZeros(s.digits);
        int zt = leadingZeros(t.digits);
        if (zs != zt) {
            return zs == 0 ? 1 : zt == 0 ? -1 : Integer.compare(zt, zs);
        }
        return compareOptional(s.digits.substring(zs), t.digits.substring(zt));
    }

    private static int leadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() && digits.charAt(k) == '0') {
            k++;
        }
        return k;
    }

    private List<Token> tokens(String v) {
        Matcher m = FORMAT.matcher(v);
        if (!m.matches()) {
            throw new InvalidVersionException(name(), v,
                    "expected number{.number}[letter]{_alpha|_beta|_pre|_rc|_cvs|_svn|_git|_hg|_p[number]}[-rN]");
        }
        List<Token> out = new ArrayList<>();
        for (String n : m.group(1).split("\\.")) {
            out.add(new Token(Kind.NUMBER, n, 0));
        }
        if (m.group(2) != null) {
            out.add(new Token(Kind.LETTER, "", m.group(2).charAt(0)));
        }
        Matcher s = SUFFIX.matcher(m.group(3));
        while (s.find()) {
            int pre = PRE.indexOf(s.group(1));
            int rank = pre >= 0 ? pre - PRE.size() : POST.indexOf(s.group(1));
            out.add(new Token(Kind.SUFFIX, s.group(2), rank));
        }
        if (m.group(4) != null) {
            out.add(new Token(Kind.REVISION, m.group(4), 0));
        }
        out.add(new Token(Kind.END, "", 0));
        return List.copyOf(out);
    }
}
