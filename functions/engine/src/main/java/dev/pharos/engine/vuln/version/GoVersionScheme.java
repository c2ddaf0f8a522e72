package dev.pharos.engine.vuln.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go module versions (go.dev/ref/mod "Versions"): SemVer 2.0.0 with a leading {@code v}, compared like
 * {@code golang.org/x/mod/semver.Compare}.
 * <ul>
 *   <li>Pseudo-versions ({@code v0.0.0-20210101000000-abcdef123456}, {@code v1.2.4-0.2021...}) are ordinary
 *       pre-releases and need no special case: their timestamp makes them sort in commit order below the release
 *       they precede.</li>
 *   <li>{@code +incompatible} is build metadata and therefore ignored: {@code v2.0.0+incompatible == v2.0.0}.</li>
 *   <li>x/mod's shorthands {@code v1} and {@code v1.2} (no pre-release or build) mean {@code v1.0.0} and
 *       {@code v1.2.0}.</li>
 *   <li>The {@code v} is optional. Module versions always have it, but OSV's Go records spell the standard
 *       library's versions without it ({@code "fixed": "1.21.5"}) while our Go cataloger reports the toolchain as
 *       {@code v1.21.5}; both spellings are one version here.</li>
 * </ul>
 * Built on {@link SemVerScheme} rather than versatile's {@code GoVersion}: versatile agrees with x/mod on every
 * case tested, but fails with a {@code NumberFormatException} on numbers above {@code Integer.MAX_VALUE}.
 */
final class GoVersionScheme implements VersionScheme {
    static final GoVersionScheme INSTANCE = new GoVersionScheme();

    private static final Pattern SHORTHAND = Pattern.compile("v?(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?");

    private final ParsedVersions<String> expanded = new ParsedVersions<>(GoVersionScheme::expand);

    private GoVersionScheme() {
    }

    @Override
    public String name() {
        return "go";
    }

    @Override
    public int compare(String a, String b) {
        try {
            return SemVerScheme.SEMVER.compare(expanded.get(a), expanded.get(b));
        } catch (InvalidVersionException e) {
            throw new InvalidVersionException(name(), e.version(), "not a Go module version vMAJOR.MINOR.PATCH[-pre]");
        }
    }

    private static String expand(String v) {
        Matcher m = SHORTHAND.matcher(v);
        if (!m.matches()) {
            return v;
        }
        return m.group(1) + "." + (m.group(3) == null ? "0" : m.group(3)) + ".0";
    }
}
