package dev.pharos.engine.vuln.version;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 (semver.org), used for OSV {@code SEMVER} ranges, npm and crates.io.
 * <ul>
 *   <li>Precedence (spec item 11): major, minor, patch numerically; a pre-release sorts below its release;
 *       pre-release identifiers compare dot by dot, numeric ones numerically, alphanumeric ones in ASCII order,
 *       numeric below alphanumeric, and a shorter list below a longer one with an equal prefix.</li>
 *   <li>Build metadata is ignored (spec item 10): {@code 1.0.0+a} equals {@code 1.0.0+b}.</li>
 *   <li>Numbers have no leading zeros (items 2 and 9) and may be arbitrarily large.</li>
 *   <li>A leading {@code v} is accepted. The OSV schema asks for SEMVER range events without it, but package
 *       versions reach us as their ecosystems spell them (node-semver and Go both accept or require {@code v}), so
 *       {@code v1.2.3} and {@code 1.2.3} are the same version here.</li>
 * </ul>
 * Written here rather than taken from versatile's {@code NpmVersion} (semver4j), which accepts versions that SemVer
 * and node-semver reject ({@code 1.0}, {@code 01.0.0}, {@code 1.0.0-01}, {@code 1.0.0.0}, {@code 1.0.0-alpha..1})
 * and rejects valid ones with numbers above {@code Integer.MAX_VALUE}.
 */
final class SemVerScheme implements VersionScheme {
    static final SemVerScheme SEMVER = new SemVerScheme("semver");
    static final SemVerScheme NPM = new SemVerScheme("npm");
    static final SemVerScheme CARGO = new SemVerScheme("cargo");

    private static final String NUMBER = "(?:0|[1-9][0-9]*)";
    private static final String IDENTIFIER = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    /** The grammar of semver.org's "Backus–Naur Form Grammar for Valid SemVer Versions", plus an optional "v". */
    private static final Pattern FORMAT = Pattern.compile("v?(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
            + "(?:-(" + IDENTIFIER + "(?:\\." + IDENTIFIER + ")*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    private final String name;
    private final ParsedVersions<Parsed> parsed = new ParsedVersions<>(this::parse);

    private SemVerScheme(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int compare(String a, String b) {
        Parsed x = parsed.get(a);
        Parsed y = parsed.get(b);
        for (int k = 0; k < 3; k++) {
            int c = Digits.compare(x.numbers().get(k), y.numbers().get(k));
            if (c != 0) {
                return c;
            }
        }
        return comparePreRelease(x.preRelease(), y.preRelease());
    }

    /** Major, minor and patch; the pre-release is {@code null} when there is none. Build metadata is dropped. */
    private record Parsed(List<String> numbers, String preRelease) {
    }

    /** Spec item 11.3 and 11.4; {@code null} is "no pre-release", which sorts above any pre-release. */
    private static int comparePreRelease(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int k = 0; k < Math.min(x.length, y.length); k++) {
            int c = compareIdentifier(x[k], y[k]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean na = isNumeric(a);
        boolean nb = isNumeric(b);
        if (na && nb) {
            return Digits.compare(a, b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    private static boolean isNumeric(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private Parsed parse(String v) {
        Matcher m = FORMAT.matcher(v);
        if (!m.matches()) {
            throw new InvalidVersionException(name, v, "not a SemVer 2.0.0 version MAJOR.MINOR.PATCH[-pre][+build]");
        }
        return new Parsed(List.of(m.group(1), m.group(2), m.group(3)), m.group(4));
    }
}
