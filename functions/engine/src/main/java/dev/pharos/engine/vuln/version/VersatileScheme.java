package dev.pharos.engine.vuln.version;

import io.github.nscuro.versatile.VersionFactory;
import io.github.nscuro.versatile.spi.Version;
import java.util.regex.Pattern;

/**
 * A scheme whose ordering is versatile's, after our own check of the version's form. Used where versatile was
 * proven right by the table tests (Maven, rpm); the form check rejects what versatile accepts but the ecosystem
 * does not, and any failure inside versatile (it throws {@code NumberFormatException} on some long numbers) becomes
 * an {@link InvalidVersionException} so a hostile version cannot escape as an unexpected exception.
 */
final class VersatileScheme implements VersionScheme {
    /**
     * Maven: {@code org.apache.maven.artifact.versioning.ComparableVersion} (Maven 3), which versatile's
     * {@code MavenVersion} delegates to and which OSV names as the Maven ordering. Every string is a Maven
     * version, so only blank and whitespace-carrying ones are refused (they cannot appear in a POM coordinate).
     */
    static final VersatileScheme MAVEN = new VersatileScheme("maven", "maven", Pattern.compile("\\S+"),
            "a Maven version is non-empty and has no whitespace");

    /**
     * rpm: {@code [epoch:]version[-release]} compared with rpmvercmp (epoch numerically, then version, then release,
     * each by alternating alphabetic and numeric segments; {@code ~} sorts before everything, {@code ^} after the
     * end but before any further segment). The form follows the rpm spec file rules: the epoch is an unsigned
     * integer (rpm stores it as int32), version and release contain no {@code -} and only alphanumerics and
     * {@code . _ + ~ ^}. Versatile's {@code RpmVersion} accepts a non-numeric epoch ({@code x:1.0}) and throws
     * {@code NumberFormatException} on epochs above {@code Integer.MAX_VALUE}.
     */
    static final VersatileScheme RPM = new VersatileScheme("rpm", "rpm",
            Pattern.compile("(?:[0-9]{1,9}:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?"),
            "expected [epoch:]version[-release] with a numeric epoch and alphanumerics and . _ + ~ ^");

    private final String name;
    private final String versatileScheme;
    private final Pattern form;
    private final String expected;
    private final ParsedVersions<Version> parsed = new ParsedVersions<>(this::parse);

    private VersatileScheme(String name, String versatileScheme, Pattern form, String expected) {
        this.name = name;
        this.versatileScheme = versatileScheme;
        this.form = form;
        this.expected = expected;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int compare(String a, String b) {
        return Integer.signum(parsed.get(a).compareTo(parsed.get(b)));
    }

    private Version parse(String v) {
        if (!form.matcher(v).matches()) {
            throw new InvalidVersionException(name, v, expected);
        }
        try {
            return VersionFactory.forScheme(versatileScheme, v);
        } catch (RuntimeException e) {
            throw new InvalidVersionException(name, v, String.valueOf(e.getMessage()));
        }
    }
}
