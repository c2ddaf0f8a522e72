package dev.pharos.engine.vuln.osv;

import dev.pharos.core.error.PharosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixtures under {@code vuln/osv/} are written by hand from the public advisories (GitHub's GHSA-jfh8-c2jp-5v3q
 * for Log4Shell, Debian's DSA-5020-1 for apache-log4j2), trimmed to the fields that matter; the withdrawn one is
 * synthetic. Expected values below are read off those files.
 */
class OsvJsonTest {

    static byte[] fixture(String name) {
        try (InputStream in = OsvJsonTest.class.getResourceAsStream("/vuln/osv/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsGithubRecordWithSeveralEntriesForOnePackage() {
        OsvRecord log4shell = OsvJson.parse(fixture("GHSA-jfh8-c2jp-5v3q.json"));

        assertThat(log4shell.id()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.modified()).isEqualTo(Instant.parse("2024-02-16T08:16:48.371Z"));
        assertThat(log4shell.published()).contains(Instant.parse("2021-12-10T00:40:56Z"));
        assertThat(log4shell.withdrawn()).isEmpty();
        assertThat(log4shell.aliases()).containsExactly("CVE-2021-44228");
        assertThat(log4shell.summary()).contains("Remote code injection in Log4j");
        assertThat(log4shell.severity()).containsExactly(
                new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"));
        assertThat(log4shell.affected()).hasSize(4);
        assertThat(log4shell.affected()).extracting(a -> a.pkg().name()).containsExactly(
                "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-core",
                "org.apache.logging.log4j:log4j-core", "org.ops4j.pax.logging:pax-logging-log4j2");
        OsvAffected second = log4shell.affected().get(1);
        assertThat(second.pkg()).isEqualTo(new OsvPackage("Maven", "org.apache.logging.log4j:log4j-core",
                Optional.empty()));
        assertThat(second.ranges()).containsExactly(new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(
                new OsvEvent(OsvEvent.Kind.INTRODUCED, "2.0-beta9"), new OsvEvent(OsvEvent.Kind.FIXED, "2.3.1"))));
        assertThat(log4shell.affected().get(3).versions()).containsExactly("1.11.0", "1.11.1", "1.11.2");
        // GitHub states its label once for the record (database_specific.severity): every entry gets it.
        assertThat(log4shell.affected()).allSatisfy(a -> assertThat(a.ecosystemSeverity()).contains("CRITICAL"));
    }

    @Test
    void readsDebianRecordScopedByRelease() {
        OsvRecord dsa = OsvJson.parse(fixture("DSA-5020-1.json"));

        assertThat(dsa.id()).isEqualTo("DSA-5020-1");
        // an offset and microseconds: still RFC 3339
        assertThat(dsa.modified()).isEqualTo(Instant.parse("2023-07-20T05:09:01.123456Z"));
        assertThat(dsa.upstream()).containsExactly("CVE-2021-44228");
        assertThat(dsa.aliases()).isEmpty();
        assertThat(dsa.affected()).extracting(a -> a.pkg().ecosystem()).containsExactly("Debian:10", "Debian:11");
        OsvAffected bullseye = dsa.affected().get(1);
        assertThat(bullseye.pkg().purl()).contains("pkg:deb/debian/apache-log4j2?arch=source");
        assertThat(bullseye.ranges().getFirst().events()).containsExactly(
                new OsvEvent(OsvEvent.Kind.INTRODUCED, "0"), new OsvEvent(OsvEvent.Kind.FIXED, "2.15.0-1~deb11u1"));
        // ecosystem_specific without a severity field is no label
        assertThat(dsa.affected()).allSatisfy(a -> assertThat(a.ecosystemSeverity()).isEmpty());
    }

    @Test
    void readsWithdrawnRecordLastAffectedLimitAndLabels() {
        OsvRecord withdrawn = OsvJson.parse(fixture("withdrawn.json"));

        assertThat(withdrawn.withdrawn()).contains(Instant.parse("2024-01-02T03:04:05Z"));
        // the entry without a package (a git range only) can never match a package and is left out
        assertThat(withdrawn.affected()).hasSize(1);
        OsvAffected leftPad = withdrawn.affected().getFirst();
        assertThat(leftPad.ranges()).containsExactly(
                new OsvRange(OsvRange.Type.SEMVER, List.of(new OsvEvent(OsvEvent.Kind.INTRODUCED, "0"),
                        new OsvEvent(OsvEvent.Kind.LAST_AFFECTED, "1.3.0"))),
                new OsvRange(OsvRange.Type.GIT, List.of(new OsvEvent(OsvEvent.Kind.INTRODUCED, "0"),
                        new OsvEvent(OsvEvent.Kind.LIMIT, "abc123"))));
        // ecosystem_specific wins over database_specific
        assertThat(leftPad.ecosystemSeverity()).contains("moderate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GHSA-jfh8-c2jp-5v3q.json", "DSA-5020-1.json", "withdrawn.json"})
    void writtenRecordReadsBackEqual(String name) {
        OsvRecord record = OsvJson.parse(fixture(name));

        assertThat(OsvJson.parse(OsvJson.write(record))).isEqualTo(record);
    }

    @Test
    void missingModifiedNamesRecordAndField() {
        assertMalformed("{\"id\": \"GHSA-aaaa-bbbb-cccc\"}", "OSV record GHSA-aaaa-bbbb-cccc: modified: required");
    }

    @Test
    void missingIdNamesField() {
        assertMalformed("{\"modified\": \"2024-01-01T00:00:00Z\"}", "OSV record: id: required");
    }

    @Test
    void eventWithTwoKindsIsRejected() {
        assertMalformed(record("""
                [{"package": {"ecosystem": "npm", "name": "a"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1.0.0"}]}]}]"""),
                "OSV record X-1: affected[0].ranges[0].events[0]: more than one of");
    }

    @Test
    void eventWithNoKindIsRejected() {
        assertMalformed(record("""
                [{"package": {"ecosystem": "npm", "name": "a"},
                  "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fix": "1.0.0"}]}]}]"""),
                "OSV record X-1: affected[0].ranges[0].events[1]: none of introduced");
    }

    @Test
    void unknownRangeTypeIsRejected() {
        assertMalformed(record("""
                [{"package": {"ecosystem": "npm", "name": "a"},
                  "ranges": [{"type": "CALVER", "events": [{"introduced": "0"}]}]}]"""),
                "OSV record X-1: affected[0].ranges[0].type: unknown range type \"CALVER\"");
    }

    @Test
    void packageWithoutNameIsRejected() {
        assertMalformed(record("[{\"package\": {\"ecosystem\": \"PyPI\"}}]"),
                "OSV record X-1: affected[0].package.name: required");
    }

    @Test
    void badTimestampIsRejected() {
        assertMalformed("{\"id\": \"X-2\", \"modified\": \"yesterday\"}",
                "OSV record X-2: modified: not an RFC 3339 timestamp");
    }

    @Test
    void wrongJsonTypesAreRejected() {
        assertMalformed("{\"id\": \"X-3\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": \"CVE-1\"}",
                "OSV record X-3: aliases: not an array");
        assertMalformed("[1, 2]", "OSV record is not a JSON object");
        assertMalformed("{\"id\": ", "OSV record is not valid JSON");
    }

    @Test
    void idOfNamesRecordsThatDoNotParse() {
        assertThat(OsvJson.idOf("{\"id\": \"GHSA-aaaa-bbbb-cccc\"}".getBytes(StandardCharsets.UTF_8)))
                .contains("GHSA-aaaa-bbbb-cccc");
        assertThat(OsvJson.idOf("{\"id\": ".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    /** The store's projection: some entries of a record, each with its label, read back equal on their own. */
    @Test
    void affectedEntriesRoundTripWithTheirLabels() {
        OsvRecord log4shell = OsvJson.parse(fixture("GHSA-jfh8-c2jp-5v3q.json"));
        OsvRecord withdrawn = OsvJson.parse(fixture("withdrawn.json"));
        List<OsvAffected> entries = List.of(log4shell.affected().get(2), withdrawn.affected().getFirst());

        assertThat(OsvJson.parseAffected(OsvJson.writeAffected(entries), "X-1")).isEqualTo(entries);
        assertThat(entries).anySatisfy(entry -> assertThat(entry.ecosystemSeverity()).isPresent());
        assertThat(OsvJson.parseAffected(OsvJson.writeAffected(List.of()), "X-1")).isEmpty();
    }

    /** The store's record: every field but the entries, which it keeps per package. */
    @Test
    void headRoundTripsWithoutTheEntries() {
        OsvRecord log4shell = OsvJson.parse(fixture("GHSA-jfh8-c2jp-5v3q.json"));

        byte[] head = OsvJson.writeHead(log4shell);

        assertThat(new String(head, StandardCharsets.UTF_8)).doesNotContain("affected", "log4j-core");
        assertThat(OsvJson.parse(head)).isEqualTo(new OsvRecord(log4shell.id(), log4shell.modified(),
                log4shell.published(), log4shell.withdrawn(), log4shell.aliases(), log4shell.upstream(),
                log4shell.summary(), log4shell.severity(), List.of()));
        assertThat(log4shell.aliases()).isNotEmpty();
        assertThat(log4shell.severity()).isNotEmpty();
    }

    @Test
    void malformedAffectedEntriesNameTheAdvisoryAndTheEntry() {
        byte[] unknownType = """
                [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "FOO", "events": []}]}]"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OsvJson.parseAffected(unknownType, "X-7")).isInstanceOf(PharosException.class)
                .hasMessage("OSV record X-7: affected[0].ranges[0].type: unknown range type \"FOO\" "
                        + "(SEMVER, ECOSYSTEM or GIT)");
        assertThatThrownBy(() -> OsvJson.parseAffected("{}".getBytes(StandardCharsets.UTF_8), "X-7"))
                .isInstanceOf(PharosException.class).hasMessage("OSV record X-7: affected: not an array");
        assertThatThrownBy(() -> OsvJson.parseAffected("[".getBytes(StandardCharsets.UTF_8), "X-7"))
                .isInstanceOf(PharosException.class).hasMessage("OSV record X-7: affected: not valid JSON");
    }

    private static String record(String affected) {
        return "{\"id\": \"X-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": " + affected + "}";
    }

    private static void assertMalformed(String json, String message) {
        assertThatThrownBy(() -> OsvJson.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT))
                .hasMessageContaining(message);
    }
}
