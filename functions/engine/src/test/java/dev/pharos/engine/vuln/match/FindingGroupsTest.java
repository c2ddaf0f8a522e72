package dev.pharos.engine.vuln.match;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvPackage;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.osv.OsvSeverity;
import dev.pharos.engine.vuln.version.VersionSchemes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Joining advisories into findings: aliases and single upstreams join, bundles never merge vulnerabilities. */
class FindingGroupsTest {
    private static final ImagePackage PKG = new ImagePackage(new FoundPackage(PackageType.DEB, "bsdutils",
            "1:2.36.1-8", "pkg:deb/debian/bsdutils@1%3A2.36.1-8", Optional.empty(), "var/lib/dpkg/status"),
            Optional.empty());

    private static FindingGroups.Match match(String id, List<String> aliases, List<String> upstream, String fix) {
        OsvRecord record = new OsvRecord(id, Instant.parse("2022-01-24T00:00:00Z"), Optional.empty(),
                Optional.empty(), aliases, upstream, Optional.empty(), List.of(), List.of());
        return new FindingGroups.Match(record, List.of(), List.of(fix));
    }

    private static List<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + " " + f.aliases() + " " + f.fixedVersions()).toList();
    }

    @Test
    void aBundleNamingSeveralVulnerabilitiesGivesOneFindingPerVulnerabilityNotOneMergedFinding() {
        List<Finding> findings = FindingGroups.findings(PKG, List.of(
                match("DSA-9999-1", List.of(), List.of("CVE-2021-1111", "CVE-2021-2222", "CVE-2021-3333"),
                        "2.36.1-8+deb11u1"),
                match("DEBIAN-CVE-2021-1111", List.of(), List.of("CVE-2021-1111"), "2.36.1-8+deb11u1")),
                VersionSchemes.forEcosystem("Debian:11").orElseThrow());

        assertThat(summary(findings)).containsExactly(
                "CVE-2021-1111 [DEBIAN-CVE-2021-1111, DSA-9999-1] [2.36.1-8+deb11u1]",
                "CVE-2021-2222 [DSA-9999-1] [2.36.1-8+deb11u1]",
                "CVE-2021-3333 [DSA-9999-1] [2.36.1-8+deb11u1]");
    }

    @Test
    void aliasesJoinAGhsaAndItsCveIntoOneFinding() {
        List<Finding> findings = FindingGroups.findings(PKG, List.of(
                match("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), List.of(), "2.15.0"),
                match("CVE-2021-44228", List.of(), List.of(), "2.15.0")),
                VersionSchemes.forEcosystem("Maven").orElseThrow());

        assertThat(summary(findings)).containsExactly("CVE-2021-44228 [GHSA-jfh8-c2jp-5v3q] [2.15.0]");
    }

    @Test
    void severityComesFromThisPackagesAffectedEntriesNotTheRecordsOthers() {
        OsvAffected critical = affected("a", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        OsvAffected low = affected("b", "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N");
        OsvRecord record = new OsvRecord("GHSA-xxxx-yyyy-zzzz", Instant.parse("2024-01-01T00:00:00Z"),
                Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(), List.of(),
                List.of(critical, low));

        List<Finding> forB = FindingGroups.findings(PKG, List.of(new FindingGroups.Match(record, List.of(low),
                List.of())), VersionSchemes.forEcosystem("npm").orElseThrow());

        assertThat(forB).singleElement().satisfies(finding -> {
            assertThat(finding.severity().level()).isEqualTo("LOW");
            assertThat(finding.severity().vector()).contains("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N");
        });
    }

    private static OsvAffected affected(String name, String vector) {
        return new OsvAffected(new OsvPackage("npm", name, Optional.empty()), List.of(), List.of("1.0.0"),
                List.of(new OsvSeverity("CVSS_V3", vector)), Optional.empty());
    }
}
