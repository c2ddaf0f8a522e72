package dev.pharos.engine.vuln.match;

import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvEvent;
import dev.pharos.engine.vuln.osv.OsvPackage;
import dev.pharos.engine.vuln.osv.OsvRange;
import dev.pharos.engine.vuln.version.VersionSchemes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** OSV range evaluation (osv-schema "Evaluation"), one row per rule, each checked both as affected and not. */
class AffectedVersionsTest {
    private static OsvAffected affected(String ecosystem, String type, String events, String versions) {
        List<OsvEvent> parsed = new ArrayList<>();
        for (String event : events.split(" ")) {
            String[] kv = event.split("=");
            parsed.add(new OsvEvent(OsvEvent.Kind.valueOf(kv[0].toUpperCase()), kv[1]));
        }
        return new OsvAffected(new OsvPackage(ecosystem, "p", Optional.empty()),
                List.of(new OsvRange(OsvRange.Type.valueOf(type), parsed)),
                versions.isBlank() ? List.of() : List.of(versions.split(" ")), List.of(), Optional.empty());
    }

    @ParameterizedTest(name = "{0} {1} [{2}] versions [{3}]: {4} -> affected {5}, fixes {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # introduced 0 with a fix: everything below the fix
            Maven | ECOSYSTEM | introduced=0 fixed=2.15.0                  |       | 2.14.1      | true  | 2.15.0
            Maven | ECOSYSTEM | introduced=0 fixed=2.15.0                  |       | 2.15.0      | false |
            # Log4Shell's shape: introduced 2.0-beta9; a pre-release of the introduced version is not affected
            Maven | ECOSYSTEM | introduced=2.0-beta9 fixed=2.3.1           |       | 2.0-beta8   | false |
            Maven | ECOSYSTEM | introduced=2.0-beta9 fixed=2.3.1           |       | 2.0         | true  | 2.3.1
            # several segments in one range: affected again after a re-introduction
            Maven | ECOSYSTEM | introduced=2.13.0 fixed=2.15.0 introduced=2.16.0 fixed=2.17.1 | | 2.15.1 | false |
            Maven | ECOSYSTEM | introduced=2.13.0 fixed=2.15.0 introduced=2.16.0 fixed=2.17.1 | | 2.16.0 | true | 2.17.1
            # in the first segment only the first segment's fix is offered, not the later line's
            Maven | ECOSYSTEM | introduced=2.13.0 fixed=2.15.0 introduced=2.16.0 fixed=2.17.1 | | 2.14.1 | true | 2.15.0
            # introduced 0 and no fix: affected, no fix yet
            Debian:11 | ECOSYSTEM | introduced=0                         |       | 1:2.66-4    | true  |
            # last_affected is inclusive, fixed is exclusive
            npm   | SEMVER    | introduced=1.0.0 last_affected=1.2.3      |       | 1.2.3       | true  |
            npm   | SEMVER    | introduced=1.0.0 last_affected=1.2.3      |       | 1.2.4       | false |
            # limit bounds the range from above
            PyPI  | ECOSYSTEM | introduced=0 limit=2.0                    |       | 1.9         | true  |
            PyPI  | ECOSYSTEM | introduced=0 limit=2.0                    |       | 2.0         | false |
            # an introduced beyond the limit does not reopen the range
            PyPI  | ECOSYSTEM | introduced=0 limit=2.0 introduced=3.0     |       | 3.1         | false |
            # events out of order in the record are evaluated in version order
            npm   | SEMVER    | fixed=4.17.21 introduced=0                |       | 4.17.20     | true  | 4.17.21
            # an explicit versions list matches even outside every range
            PyPI  | ECOSYSTEM | introduced=5.0 fixed=5.1                  | 1.0 1.1 | 1.1       | true  |
            PyPI  | ECOSYSTEM | introduced=5.0 fixed=5.1                  | 1.0 1.1 | 1.2       | false |
            # a Debian backport: +deb11u6 fixes +deb11u5
            Debian:11 | ECOSYSTEM | introduced=0 fixed=2.31-13+deb11u6    |       | 2.31-13+deb11u5 | true | 2.31-13+deb11u6
            Debian:11 | ECOSYSTEM | introduced=0 fixed=2.31-13+deb11u6    |       | 2.31-13+deb11u6 | false |
            # Go: our catalogers write v1.21.5, OSV writes 1.21.5
            Go    | SEMVER    | introduced=0 fixed=1.21.6                 |       | v1.21.5     | true  | 1.21.6
            """, nullValues = "")
    void evaluatesLikeTheOsvSpecification(String ecosystem, String type, String events, String versions,
                                          String version, boolean affected, String fixes) {
        var verdict = AffectedVersions.evaluate(affected(ecosystem, type, events.trim(),
                        versions == null ? "" : versions.trim()), version.trim(),
                VersionSchemes.forEcosystem(ecosystem).orElseThrow());
        assertThat(verdict.affected()).isEqualTo(affected);
        assertThat(verdict.fixes()).isEqualTo(fixes == null ? List.of() : List.of(fixes.trim().split(" ")));
    }

    @ParameterizedTest
    @CsvSource({"GIT", "SEMVER"})
    void gitRangesAndUnreadableAdvisoryVersionsNeverMatch(String type) {
        OsvAffected commits = affected("npm", type, "introduced=0 fixed=not-a-version", "");
        var verdict = AffectedVersions.evaluate(type.equals("GIT")
                        ? affected("npm", "GIT", "introduced=abc123 fixed=def456", "") : commits,
                "1.0.0", VersionSchemes.forEcosystem("npm").orElseThrow());
        assertThat(verdict.affected()).isFalse();
    }
}
