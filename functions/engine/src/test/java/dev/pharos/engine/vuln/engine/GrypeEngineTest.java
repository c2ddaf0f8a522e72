package dev.pharos.engine.vuln.engine;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.sbom.CycloneDxReader;
import dev.pharos.engine.sbom.CycloneDxWriter;
import dev.pharos.engine.vuln.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.pharos.engine.vuln.engine.EngineFixtures.JACKSON;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LIBSSL;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LODASH;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LOG4J;
import static dev.pharos.engine.vuln.engine.EngineFixtures.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Grype engine against stand-in executables (shell scripts in {@code vuln/engine/grype}, see its README) and a
 * hand-written report in grype's JSON layout: no grype runs here.
 */
class GrypeEngineTest {
    @TempDir
    Path dir;

    private Path standIn(String script) throws IOException {
        for (String name : List.of(script, "grype-report.json")) {
            Files.writeString(dir.resolve(name), EngineFixtures.resource("vuln/engine/grype/" + name));
        }
        Path executable = dir.resolve(script);
        assertThat(executable.toFile().setExecutable(true)).isTrue();
        return executable;
    }

    private static GrypeEngine engine(Path executable, Duration timeout, long maxOutput) {
        return new GrypeEngine(new GrypeEngine.Config(executable, timeout, maxOutput), new CycloneDxWriter("test"));
    }

    private GrypeEngine engine(String script) throws IOException {
        return engine(standIn(script), Duration.ofSeconds(30), 1 << 20);
    }

    @Test
    void givesGrypeOurSbomOnStandardInputAndMapsItsMatchesBackToOurPackages() throws IOException {
        List<Finding> findings = engine("grype.sh").scan(EngineFixtures.inventory());

        // The stand-in kept what it read: our SBOM, which reads back to the inventory scanned.
        byte[] sbom = Files.readAllBytes(dir.resolve("stdin.cdx.json"));
        assertThat(new CycloneDxReader(1 << 20).read(sbom)).isEqualTo(EngineFixtures.inventory());
        assertThat(findings).containsExactlyInAnyOrder(
                // Debian's record has no CVSS: the vector is the related NVD record's.
                new Finding("CVE-2023-5678", List.of(), LIBSSL, List.of("3.0.13-1~deb12u1"), Finding.FixState.FIXED,
                        severity("LOW", 5.3, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"), Instant.EPOCH),
                // "Negligible", no CVSS anywhere; found by a purl spelled differently from ours.
                new Finding("CVE-2023-4641", List.of(), LOGIN, List.of(), Finding.FixState.NOT_FIXED,
                        new Finding.Severity("LOW", Optional.empty(), Optional.empty()), Instant.EPOCH),
                // The GHSA match and the CPE match of the same CVE are one finding.
                new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), LOG4J, List.of("2.15.0"),
                        Finding.FixState.FIXED,
                        severity("CRITICAL", 10.0, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), Instant.EPOCH),
                new Finding("CVE-2020-36518", List.of("GHSA-57j2-w4cx-62h2"), JACKSON, List.of("2.12.6.1"),
                        Finding.FixState.FIXED,
                        severity("HIGH", 7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"), Instant.EPOCH),
                // v3.1 from the related CVE preferred over the GHSA record's v2.
                new Finding("CVE-2021-23337", List.of("GHSA-35jh-r3h4-6jhm"), LODASH, List.of("4.17.21"),
                        Finding.FixState.FIXED,
                        severity("HIGH", 7.2, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"), Instant.EPOCH));
    }

    @Test
    void aFailingGrypeIsTransientAndItsErrorOutputIsInTheMessage() {
        assertThatThrownBy(() -> engine("grype-fails.sh").scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("grype: grype exited with 1",
                            "failed to load vulnerability db");
                });
    }

    @Test
    void aGrypeThatDoesNotFinishIsKilledWithItsChildren() throws Exception {
        GrypeEngine engine = engine(standIn("grype-hangs.sh"), Duration.ofSeconds(2), 1 << 20);

        assertThatThrownBy(() -> engine.scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("grype-hangs.sh did not finish within PT2S", "killed");
                });
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(child);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void outputThatIsNotJsonIsInternal() {
        assertThatThrownBy(() -> engine("grype-garbage.sh").scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INTERNAL);
                    assertThat(e.getMessage()).contains("grype", "not JSON");
                });
    }

    @Test
    void outputBeyondTheBoundStopsGrype() throws IOException {
        GrypeEngine engine = engine(standIn("grype-floods.sh"), Duration.ofSeconds(30), 64 * 1024);

        assertThatThrownBy(() -> engine.scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("more than 65536 bytes");
                });
    }

    @Test
    void aMissingExecutableIsAConfigurationError() {
        GrypeEngine engine = engine(dir.resolve("no-such-grype"), Duration.ofSeconds(5), 1 << 20);

        assertThatThrownBy(() -> engine.scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains("grype: cannot run", "no-such-grype");
                });
    }

    @Test
    void aJsonDocumentThatIsNotAGrypeReportIsInternal() throws IOException {
        Path executable = standIn("grype.sh");
        Files.writeString(dir.resolve("grype-report.json"), "{\"results\": []}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> engine(executable, Duration.ofSeconds(30), 1 << 20).scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INTERNAL);
                    assertThat(e.getMessage()).contains("no matches array");
                });
    }

    @Test
    void aMatchOnAPackageWeDidNotSendIsAnError() throws IOException {
        Path executable = standIn("grype.sh");
        Files.writeString(dir.resolve("grype-report.json"), """
                {"matches": [{"vulnerability": {"id": "CVE-2024-0001", "severity": "High"},
                  "artifact": {"name": "curl", "version": "7.88.1-10", "purl": "pkg:deb/debian/curl@7.88.1-10"}}]}
                """, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> engine(executable, Duration.ofSeconds(30), 1 << 20).scan(EngineFixtures.inventory()))
                .isInstanceOfSatisfying(PharosException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PharosException.Kind.INTERNAL);
                    assertThat(e.getMessage()).contains("did not send", "pkg:deb/debian/curl@7.88.1-10");
                });
    }

    @Test
    void grypeGetsItsOwnSettingsButNoneOfOurSecrets() {
        Map<String, String> environment = GrypeEngine.environment(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/pharos", "GRYPE_DB_CACHE_DIR", "/var/cache/grype",
                "PHAROS_DB_PASSWORD", "secret", "AWS_SECRET_ACCESS_KEY", "secret", "GRYPE_CHECK_FOR_APP_UPDATE", "true"));

        assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("HOME", "/home/pharos"),
                Map.entry("GRYPE_DB_CACHE_DIR", "/var/cache/grype"), Map.entry("GRYPE_CHECK_FOR_APP_UPDATE", "false"));
    }

    private static Finding.Severity severity(String level, double score, String vector) {
        return new Finding.Severity(level, Optional.of(score), Optional.of(vector));
    }
}
