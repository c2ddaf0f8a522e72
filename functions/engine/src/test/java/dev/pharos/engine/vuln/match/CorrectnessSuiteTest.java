package dev.pharos.engine.vuln.match;

import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;
import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matching regression net (issue "vulnerability matching", section 4): OSV records transcribed from public
 * advisories ({@code src/test/resources/vuln/suite/advisories}, see the engine README) imported into real PostgreSQL,
 * and package inventories matched against them by {@link NativeMatcher}. {@link #CASES} states, one row per installed
 * package, every finding expected <b>and</b> every expected absence ({@code NONE}), so a matcher change that adds or
 * drops a finding fails here. Each pitfall of DESIGN.md "Correctness rules that scanners get wrong" has rows, marked
 * with a comment.
 * <p>
 * Row: {@code os | type | name | version | source | expected}. {@code os} is the image's OSV release ecosystem or
 * {@code -}; {@code source} is {@code name version} of the OS source package or {@code -}; {@code expected} is
 * {@code NONE} or findings separated by {@code ;}, each {@code id [aliases] FIXED|NOT_FIXED fixes level score}
 * ({@code fixes} comma-separated or {@code -}, {@code score} the CVSS base score or {@code -} for a label or none).
 * Expected findings are listed in id order, which is the order the matcher reports them for one package.
 */
class CorrectnessSuiteTest {
    private static final String LOG4J = "org.apache.logging.log4j:log4j-core";
    private static final String L44228 = "CVE-2021-44228 [GHSA-jfh8-c2jp-5v3q] FIXED %s CRITICAL 10.0";
    private static final String L44832 = "CVE-2021-44832 [GHSA-8489-44mv-ggj8] FIXED %s MEDIUM 6.6";
    private static final String L45046 = "CVE-2021-45046 [GHSA-7rjr-3q55-vv33] FIXED %s CRITICAL 9.0";
    private static final String L45105 = "CVE-2021-45105 [GHSA-p6xc-xr62-6r2g] FIXED %s HIGH 7.5";

    /** The table. Versions and fixes follow the records' ranges; comments say which rule a row guards. */
    static final String CASES = """
            # --- Log4Shell and its follow-ups: four GHSAs, log4j-core has three or two affected[] entries each ---
            -            | MAVEN | %1$s | 2.14.1    | - | %2$s ; %5$s ; %3$s ; %4$s
            -            | MAVEN | %1$s | 2.13.0    | - | %2$s ; %5$s ; %3$s ; %4$s
            -            | MAVEN | %1$s | 2.15.0    | - | %6$s ; %3$s ; %4$s
            -            | MAVEN | %1$s | 2.16.0    | - | %6$s ; %4$s
            -            | MAVEN | %1$s | 2.17.0    | - | %6$s
            -            | MAVEN | %1$s | 2.17.1    | - | NONE
            -            | MAVEN | %1$s | 2.20.0    | - | NONE
            # the Java 7 line: each fix is on its own branch, and only that branch's fix is offered
            -            | MAVEN | %1$s | 2.12.1    | - | %7$s ; %8$s ; %9$s ; %10$s
            -            | MAVEN | %1$s | 2.12.2    | - | %8$s ; %10$s
            -            | MAVEN | %1$s | 2.12.3    | - | %8$s
            -            | MAVEN | %1$s | 2.12.4    | - | NONE
            # Maven pads with zeros: installed 2.4 is the "introduced 2.4.0" of GHSA-7rjr-3q55-vv33 and GHSA-p6xc-xr62-6r2g
            -            | MAVEN | %1$s | 2.4       | - | %7$s ; %8$s ; %9$s ; %10$s
            # the Java 6 line (2.3.x): its own fixes 2.3.1 and 2.3.2
            -            | MAVEN | %1$s | 2.3.0     | - | %11$s ; %12$s ; %16$s ; %13$s
            -            | MAVEN | %1$s | 2.3.1     | - | %12$s
            -            | MAVEN | %1$s | 2.3.2     | - | NONE
            # Maven pre-releases: Log4Shell starts at 2.0-beta9, so 2.0-beta8 is below it, but not below CVE-2021-44832's
            # 2.0-beta7 nor the "introduced 0" of CVE-2021-45046 / 45105
            -            | MAVEN | %1$s | 2.0-beta9 | - | %11$s ; %12$s ; %16$s ; %13$s
            -            | MAVEN | %1$s | 2.0-beta8 | - | %12$s ; %16$s ; %13$s
            -            | MAVEN | %1$s | 2.0-rc1   | - | %11$s ; %12$s ; %16$s ; %13$s
            # the package name matters: log4j-api is not log4j-core
            -            | MAVEN | org.apache.logging.log4j:log4j-api | 2.14.1 | - | NONE
            # a Java archive in a Debian image is matched as Maven, whatever the OS
            Debian:11    | MAVEN | %1$s | 2.14.1    | - | %2$s ; %5$s ; %3$s ; %4$s
            # --- Spring4Shell: 5.2.x versions carry .RELEASE (a Maven qualifier equal to the bare release) ---
            -            | MAVEN | org.springframework:spring-beans  | 5.3.17         | - | CVE-2022-22965 [GHSA-36p3-wjmg-h94x] FIXED 5.3.18 CRITICAL 9.8
            -            | MAVEN | org.springframework:spring-beans  | 5.3.0          | - | CVE-2022-22965 [GHSA-36p3-wjmg-h94x] FIXED 5.3.18 CRITICAL 9.8
            -            | MAVEN | org.springframework:spring-beans  | 5.3.18         | - | NONE
            -            | MAVEN | org.springframework:spring-beans  | 5.2.19.RELEASE | - | CVE-2022-22965 [GHSA-36p3-wjmg-h94x] FIXED 5.2.20.RELEASE CRITICAL 9.8
            -            | MAVEN | org.springframework:spring-beans  | 5.2.20.RELEASE | - | NONE
            -            | MAVEN | org.springframework:spring-beans  | 6.0.0          | - | NONE
            -            | MAVEN | org.springframework:spring-webmvc | 5.3.17         | - | CVE-2022-22965 [GHSA-36p3-wjmg-h94x] FIXED 5.3.18 CRITICAL 9.8
            -            | MAVEN | org.springframework:spring-core   | 5.3.17         | - | NONE
            # --- jackson-databind: four-part fix versions on two branches ---
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.12.6   | - | CVE-2020-36518 [GHSA-57j2-w4cx-62h2] FIXED 2.12.6.1 HIGH 7.5
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.9.10.8 | - | CVE-2020-36518 [GHSA-57j2-w4cx-62h2] FIXED 2.12.6.1 HIGH 7.5
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.12.6.1 | - | NONE
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.13.0   | - | CVE-2020-36518 [GHSA-57j2-w4cx-62h2] FIXED 2.13.2.1 HIGH 7.5
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.13.2   | - | CVE-2020-36518 [GHSA-57j2-w4cx-62h2] FIXED 2.13.2.1 HIGH 7.5
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.13.2.1 | - | NONE
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.13.2.2 | - | NONE
            -            | MAVEN | com.fasterxml.jackson.core:jackson-databind | 2.14.0   | - | NONE
            # --- lodash (SEMVER ranges); the withdrawn and the GIT-only records would match every lodash ---
            -            | NPM   | lodash    | 4.17.20 | - | CVE-2020-28500 [GHSA-29mw-wpgm-hmr9] FIXED 4.17.21 MEDIUM 5.3 ; CVE-2021-23337 [GHSA-35jh-r3h4-6jhm] FIXED 4.17.21 HIGH 7.2
            -            | NPM   | lodash    | 4.17.11 | - | CVE-2019-10744 [GHSA-jf85-cpcp-j695] FIXED 4.17.12 CRITICAL 9.1 ; CVE-2020-28500 [GHSA-29mw-wpgm-hmr9] FIXED 4.17.21 MEDIUM 5.3 ; CVE-2021-23337 [GHSA-35jh-r3h4-6jhm] FIXED 4.17.21 HIGH 7.2
            -            | NPM   | lodash    | 3.10.1  | - | CVE-2019-10744 [GHSA-jf85-cpcp-j695] FIXED 4.17.12 CRITICAL 9.1 ; CVE-2021-23337 [GHSA-35jh-r3h4-6jhm] FIXED 4.17.21 HIGH 7.2
            -            | NPM   | lodash    | 4.17.21 | - | NONE
            -            | NPM   | lodash-es | 4.17.20 | - | CVE-2021-23337 [GHSA-35jh-r3h4-6jhm] FIXED 4.17.21 HIGH 7.2
            -            | NPM   | lodash-es | 4.17.21 | - | NONE
            # an installed version its ecosystem cannot read matches nothing (rather than everything)
            -            | NPM   | lodash    | not-a-version | - | NONE
            # --- PyPI: names compare PEP 503-normalised (records say jinja2, Requests; installed Jinja2, requests) ---
            -            | PYPI  | Jinja2   | 2.10   | - | CVE-2019-10906 [GHSA-462w-v97r-4m45] FIXED 2.10.1 HIGH 8.6 ; CVE-2024-22195 [GHSA-h5c8-rqwp-cp95] FIXED 3.1.3 MEDIUM 5.4
            -            | PYPI  | Jinja2   | 2.10.1 | - | CVE-2024-22195 [GHSA-h5c8-rqwp-cp95] FIXED 3.1.3 MEDIUM 5.4
            -            | PYPI  | jinja2   | 3.1.2  | - | CVE-2024-22195 [GHSA-h5c8-rqwp-cp95] FIXED 3.1.3 MEDIUM 5.4
            -            | PYPI  | Jinja2   | 3.1.3  | - | NONE
            -            | PYPI  | requests | 2.30.0 | - | CVE-2023-32681 [GHSA-j8r2-6x86-q33q] FIXED 2.31.0 MEDIUM 6.1
            -            | PYPI  | Requests | 2.30.0 | - | CVE-2023-32681 [GHSA-j8r2-6x86-q33q] FIXED 2.31.0 MEDIUM 6.1
            -            | PYPI  | requests | 2.31.0 | - | NONE
            # the versions list: 2.2.1 is listed (affected although below every range), 2.2.0 is not; the record's
            # only range is GIT, which names no version fix; its severity is its label (no CVSS vector)
            -            | PYPI  | requests | 2.2.1  | - | PHAROS-SUITE-VERSIONS [] NOT_FIXED - MEDIUM -
            -            | PYPI  | requests | 2.2.0  | - | NONE
            # --- Go standard library: catalogued as v1.21.4, published as 1.21.5; one SEMVER range, two segments ---
            -            | GOLANG | stdlib | v1.21.4  | - | CVE-2023-39326 [GO-2023-2382] FIXED 1.21.5 UNKNOWN -
            -            | GOLANG | stdlib | v1.21.0  | - | CVE-2023-39326 [GO-2023-2382] FIXED 1.21.5 UNKNOWN -
            -            | GOLANG | stdlib | v1.21.5  | - | NONE
            -            | GOLANG | stdlib | v1.20.11 | - | CVE-2023-39326 [GO-2023-2382] FIXED 1.20.12 UNKNOWN -
            -            | GOLANG | stdlib | v1.20.12 | - | NONE
            -            | GOLANG | stdlib | v1.22.0  | - | NONE
            -            | GOLANG | stdlib | 1.21.4   | - | CVE-2023-39326 [GO-2023-2382] FIXED 1.21.5 UNKNOWN -
            # --- Debian 11: matched by source name and version, reported on the binary ---
            # bsdutils has epoch 1 and its source util-linux none: compared by the binary version, 1:2.36.1-8 would
            # be above the fix 2.36.1-8+deb11u1 and the vulnerability missed. DSA-5055-1 names both CVEs: it is
            # listed on each CVE's finding, and adds no finding of its own.
            Debian:11    | DEB   | bsdutils | 1:2.36.1-8          | util-linux 2.36.1-8          | %14$s ; %15$s
            Debian:11    | DEB   | bsdutils | 1:2.36.1-8+deb11u1  | util-linux 2.36.1-8+deb11u1  | NONE
            Debian:11    | DEB   | libmount1 | 2.36.1-8           | util-linux 2.36.1-8          | %14$s ; %15$s
            Debian:11    | DEB   | util-linux | 2.36.1-8          | -                            | %14$s ; %15$s
            # a DSA with one CVE and the DEBIAN-CVE record join that CVE: one finding; ~deb11u1 sorts below the
            # unstable 2.15.0-1 it was backported from
            Debian:11    | DEB   | liblog4j2-java | 2.13.3-1         | apache-log4j2 2.13.3-1         | CVE-2021-44228 [DEBIAN-CVE-2021-44228,DSA-5020-1] FIXED 2.15.0-1~deb11u1 UNKNOWN -
            Debian:11    | DEB   | liblog4j2-java | 2.15.0-1~deb11u1 | apache-log4j2 2.15.0-1~deb11u1 | NONE
            # introduced 0 and no fix: affected, no fix yet
            Debian:11    | DEB   | tar | 1.34+dfsg-1 | - | CVE-2005-2541 [DEBIAN-CVE-2005-2541] NOT_FIXED - UNKNOWN -
            # --- Debian 12: the release scopes the advisory: DSA-5020-1 names Debian 10 and 11 only, and the fix is
            # Debian 12's own ---
            Debian:12    | DEB   | liblog4j2-java | 2.13.3-1 | apache-log4j2 2.13.3-1 | CVE-2021-44228 [DEBIAN-CVE-2021-44228] FIXED 2.15.0-1 UNKNOWN -
            Debian:12    | DEB   | liblog4j2-java | 2.15.0-1~deb11u1 | apache-log4j2 2.15.0-1~deb11u1 | CVE-2021-44228 [DEBIAN-CVE-2021-44228] FIXED 2.15.0-1 UNKNOWN -
            Debian:12    | DEB   | liblog4j2-java | 2.19.0-2 | apache-log4j2 2.19.0-2 | NONE
            Debian:12    | DEB   | bsdutils | 1:2.38.1-5+b1 | util-linux 2.38.1-5 | NONE
            Debian:12    | DEB   | bsdutils | 1:2.36.1-8    | util-linux 2.36.1-8 | CVE-2021-3995 [DEBIAN-CVE-2021-3995] FIXED 2.37.3-1 UNKNOWN - ; CVE-2021-3996 [DEBIAN-CVE-2021-3996] FIXED 2.37.3-1 UNKNOWN -
            Debian:12    | DEB   | tar | 1.34+dfsg-1.2 | - | CVE-2005-2541 [DEBIAN-CVE-2005-2541] NOT_FIXED - UNKNOWN -
            # an OS package without a known release has nothing to be scoped by
            -            | DEB   | bsdutils | 1:2.36.1-8 | util-linux 2.36.1-8 | NONE
            # --- Alpine: origin package, -rN revisions compare as numbers (r10 > r2) ---
            Alpine:v3.16 | APK   | zlib     | 1.2.12-r1  | zlib 1.2.12-r1  | CVE-2022-37434 [ALPINE-CVE-2022-37434] FIXED 1.2.12-r2 UNKNOWN -
            Alpine:v3.16 | APK   | zlib-dev | 1.2.11-r3  | zlib 1.2.11-r3  | CVE-2022-37434 [ALPINE-CVE-2022-37434] FIXED 1.2.12-r2 UNKNOWN -
            Alpine:v3.16 | APK   | zlib     | 1.2.12-r2  | zlib 1.2.12-r2  | NONE
            Alpine:v3.16 | APK   | zlib     | 1.2.12-r10 | zlib 1.2.12-r10 | NONE
            Alpine:v3.16 | APK   | zlib     | 1.2.13-r0  | zlib 1.2.13-r0  | NONE
            Alpine:v3.17 | APK   | zlib     | 1.2.12-r1  | zlib 1.2.12-r1  | NONE
            """.formatted(LOG4J,
            L44228.formatted("2.15.0"), L45046.formatted("2.16.0"), L45105.formatted("2.17.0"),
            L44832.formatted("2.17.1"), L44832.formatted("2.17.1"),
            L44228.formatted("2.12.2"), L44832.formatted("2.12.4"), L45046.formatted("2.12.2"),
            L45105.formatted("2.12.3"), L44228.formatted("2.3.1"), L44832.formatted("2.3.2"),
            L45105.formatted("2.3.1"),
            "CVE-2021-3995 [DEBIAN-CVE-2021-3995,DSA-5055-1] FIXED 2.36.1-8+deb11u1 UNKNOWN -",
            "CVE-2021-3996 [DEBIAN-CVE-2021-3996,DSA-5055-1] FIXED 2.36.1-8+deb11u1 UNKNOWN -", L45046.formatted("2.3.1"));

    private static final Pattern FINDING = Pattern.compile(
            "(\\S+) \\[([^\\]]*)\\] (FIXED|NOT_FIXED) (\\S+) (CRITICAL|HIGH|MEDIUM|LOW|NONE|UNKNOWN) (\\S+)");
    private static final Path ADVISORIES = resource("vuln/suite/advisories");

    private static MigratedDatabase database;
    private static AdvisoryStore store;
    private static NativeMatcher matcher;
    private static ImportReport imported;

    @BeforeAll
    static void importAdvisories() {
        database = new MigratedDatabase();
        store = new AdvisoryStore(database.pool(), Duration.ofSeconds(30));
        imported = new OsvImporter(store, ImportLimits.DEFAULTS).importDirectory(ADVISORIES);
        matcher = NativeMatcher.over(store);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Test
    void everyRecordOfTheSuiteIsImported() {
        assertThat(imported.rejected()).isEmpty();
        assertThat(imported.inserted()).isEqualTo(23);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} (source {4}) -> {5}")
    @MethodSource("cases")
    void matchesExactlyTheExpectedFindings(String os, PackageType type, String name, String version, String source,
                                           String expected) {
        ImagePackage pkg = imagePackage(type, name, version, source);
        List<Finding> findings = matcher.scan(inventory(os, List.of(pkg)));

        assertThat(findings).extracting(CorrectnessSuiteTest::describe).containsExactlyElementsOf(parse(expected));
        // reported on the package as found (the binary), never on the source package it was matched by
        assertThat(findings).allSatisfy(finding -> assertThat(finding.pkg()).isEqualTo(pkg));
    }

    /** One image per release holding all of its rows' packages: one lookup, the same findings as row by row. */
    @Test
    void wholeImagesGiveTheSameFindingsAsTheirRows() {
        Map<String, List<Arguments>> byOs = new LinkedHashMap<>();
        cases().forEach(row -> byOs.computeIfAbsent((String) row.get()[0], ignored -> new ArrayList<>()).add(row));
        byOs.forEach((os, rows) -> {
            List<ImagePackage> packages = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (Arguments row : rows) {
                Object[] a = row.get();
                ImagePackage pkg = imagePackage((PackageType) a[1], (String) a[2], (String) a[3], (String) a[4]);
                packages.add(pkg);
                parse((String) a[5]).forEach(f -> expected.add(a[2] + "@" + a[3] + " " + f));
            }
            List<Finding> findings = matcher.scan(inventory(os, packages));
            assertThat(findings).as("image %s", os)
                    .extracting(f -> f.pkg().pkg().name() + "@" + f.pkg().pkg().version() + " " + describe(f))
                    .containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    /**
     * Matching through the store (per-package entries, then only the matched records, which it keeps without their
     * entries) gives exactly the findings of matching on the suite's whole records in memory: every release's
     * image, both ways.
     */
    @Test
    void wholeRecordsInMemoryGiveTheSameFindingsAsTheStore() throws IOException {
        List<OsvRecord> suite = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ADVISORIES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json"))::iterator) {
                suite.add(OsvJson.parse(Files.readAllBytes(file)));
            }
        }
        assertThat(suite).hasSize(imported.inserted());
        NativeMatcher wholeRecords = new NativeMatcher(keys -> suite);
        Map<String, List<ImagePackage>> byOs = new LinkedHashMap<>();
        cases().forEach(row -> {
            Object[] a = row.get();
            byOs.computeIfAbsent((String) a[0], ignored -> new ArrayList<>())
                    .add(imagePackage((PackageType) a[1], (String) a[2], (String) a[3], (String) a[4]));
        });
        List<Finding> all = new ArrayList<>();
        byOs.forEach((os, packages) -> {
            List<Finding> expected = wholeRecords.scan(inventory(os, packages));
            assertThat(matcher.scan(inventory(os, packages))).as("image %s", os)
                    .containsExactlyInAnyOrderElementsOf(expected);
            all.addAll(expected);
        });
        assertThat(all).extracting(Finding::id).contains("CVE-2021-44228", "CVE-2021-3995");
    }

    /** The computed CVSS base score and rating, with the vector it came from. */
    @Test
    void severityComesFromTheCvssVectorWithTheVectorKept() {
        List<Finding> findings = matcher.scan(inventory("-", List.of(imagePackage(PackageType.MAVEN, LOG4J,
                "2.14.1", "-"))));

        assertThat(findings).filteredOn(f -> f.id().equals("CVE-2021-44228")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(new Finding.Severity("CRITICAL", Optional.of(10.0),
                        Optional.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"))));
        assertThat(findings).filteredOn(f -> f.id().equals("CVE-2021-44832")).singleElement()
                .satisfies(f -> assertThat(f.severity().vector())
                        .contains("CVSS:3.1/AV:N/AC:H/PR:H/UI:N/S:U/C:H/I:H/A:H"));
    }

    /**
     * The store leaves withdrawn records out, and the matcher does not rely on it: handed the withdrawn record
     * directly it still reports nothing, while the same record without {@code withdrawn} would match.
     */
    @Test
    void aWithdrawnRecordNeverMatchesEvenWhenTheLookupReturnsIt() throws IOException {
        OsvRecord withdrawn = OsvJson.parse(Files.readAllBytes(ADVISORIES.resolve(
                "synthetic/PHAROS-SUITE-WITHDRAWN.json")));
        OsvRecord live = new OsvRecord(withdrawn.id(), withdrawn.modified(), withdrawn.published(), Optional.empty(),
                withdrawn.aliases(), withdrawn.upstream(), withdrawn.summary(), withdrawn.severity(),
                withdrawn.affected());
        Inventory lodash = inventory("-", List.of(imagePackage(PackageType.NPM, "lodash", "4.17.21", "-")));

        assertThat(withdrawn.withdrawn()).isPresent();
        assertThat(new NativeMatcher(keys -> List.of(withdrawn)).scan(lodash)).isEmpty();
        assertThat(new NativeMatcher(keys -> List.of(live)).scan(lodash)).extracting(Finding::id)
                .containsExactly("PHAROS-SUITE-WITHDRAWN");
    }

    static Stream<Arguments> cases() {
        return CASES.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> {
                    String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
                    assertThat(cells).as("row %s", line).hasSize(6);
                    return Arguments.of(cells[0], PackageType.valueOf(cells[1]), cells[2], cells[3], cells[4],
                            cells[5]);
                });
    }

    private static List<String> parse(String expected) {
        if (expected.equals("NONE")) {
            return List.of();
        }
        List<String> findings = new ArrayList<>();
        for (String spec : expected.split(";")) {
            Matcher m = FINDING.matcher(spec.strip());
            assertThat(m.matches()).as("expected finding \"%s\"", spec.strip()).isTrue();
            findings.add(spec.strip());
        }
        return findings;
    }

    /** A finding in the table's notation. */
    private static String describe(Finding finding) {
        return "%s [%s] %s %s %s %s".formatted(finding.id(), String.join(",", finding.aliases()), finding.fixState(),
                finding.fixedVersions().isEmpty() ? "-" : String.join(",", finding.fixedVersions()),
                finding.severity().level(),
                finding.severity().score().map(score -> String.format(Locale.ROOT, "%.1f", score)).orElse("-"));
    }

    private static ImagePackage imagePackage(PackageType type, String name, String version, String source) {
        Optional<SourcePackage> sourcePackage = source.equals("-") ? Optional.empty()
                : Optional.of(new SourcePackage(source.split(" ")[0], source.split(" ")[1]));
        String purl = "pkg:" + type.purlType() + "/" + name.replace(':', '/') + "@" + version;
        return new ImagePackage(new FoundPackage(type, name, version, purl, sourcePackage, "/suite/" + name),
                Optional.of("sha256:" + "0".repeat(64)));
    }

    private static Inventory inventory(String os, List<ImagePackage> packages) {
        Optional<OsRelease> release = os.equals("-") ? Optional.empty() : Optional.of(osRelease(os));
        return new Inventory("suite", Optional.empty(), List.of(), release, packages, List.of());
    }

    /** {@code Debian:11} -> debian 11, {@code Alpine:v3.16} -> alpine 3.16 (as the os-release reader maps them). */
    private static OsRelease osRelease(String ecosystem) {
        String[] parts = ecosystem.split(":");
        String id = parts[0].toLowerCase(Locale.ROOT);
        String versionId = parts[1].startsWith("v") ? parts[1].substring(1) : parts[1];
        return new OsRelease(id, versionId, parts[0] + " " + versionId, Optional.of(ecosystem));
    }

    private static Path resource(String name) {
        try {
            return Path.of(CorrectnessSuiteTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
