package dev.pharos.harness.local;

import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.analysis.ImageAnalyzer;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.analysis.LayerCache;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.layout.OciLayoutSource;
import dev.pharos.engine.vuln.Finding;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;
import dev.pharos.engine.vuln.match.NativeMatcher;
import dev.pharos.harness.Peers;
import dev.pharos.harness.demo.DemoImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.assertj.core.groups.Tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The demo data that ships with pharos-local: the OSV set imports cleanly into real PostgreSQL, and the demo image
 * built from real artifacts, analysed and matched by the engine, has exactly the vulnerabilities the set describes.
 */
class DemoDataTest {
    private static final String FAT_JAR_LIB = DemoImage.FAT_JAR + "!/BOOT-INF/lib/";

    private static MigratedDatabase database;
    private static AdvisoryStore store;
    private static ImportReport imported;

    @BeforeAll
    static void importDemoAdvisories() {
        database = new MigratedDatabase();
        store = new AdvisoryStore(database.pool(), Duration.ofSeconds(30));
        imported = new OsvImporter(store, ImportLimits.DEFAULTS).importDirectory(DemoAdvisories.directory());
    }

    @AfterAll
    static void closeDatabase() {
        Peers.closeAll(database);
    }

    @Test
    void everyDemoAdvisoryIsAccepted() {
        assertThat(imported.rejected()).isEmpty();
        assertThat(imported.inserted()).isEqualTo(12);
    }

    @Test
    void theDemoImageHasTheVulnerabilitiesOfTheDemoDataSet(@TempDir Path layout) throws IOException {
        new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot())).writeTo(layout, "demo");
        Inventory inventory;
        try (OciLayoutSource source = new OciLayoutSource(layout, Optional.of("demo"), Platform.LINUX_AMD64,
                ScanLimits.defaults())) {
            inventory = new ImageAnalyzer(Catalogers.discover(), LayerCache.none(), ScanLimits.defaults())
                    .analyze(source);
        }

        List<Finding> findings = NativeMatcher.over(store).scan(inventory);

        String log4j = FAT_JAR_LIB + "log4j-core-2.14.1.jar";
        String dpkg = "var/lib/dpkg/status";
        List<Tuple> expected = new ArrayList<>(List.of(
                tuple("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", log4j, Finding.FixState.FIXED),
                tuple("CVE-2021-45046", "org.apache.logging.log4j:log4j-core", log4j, Finding.FixState.FIXED),
                tuple("CVE-2021-45105", "org.apache.logging.log4j:log4j-core", log4j, Finding.FixState.FIXED),
                tuple("CVE-2021-44832", "org.apache.logging.log4j:log4j-core", log4j, Finding.FixState.FIXED),
                tuple("CVE-2020-36518", "com.fasterxml.jackson.core:jackson-databind",
                        FAT_JAR_LIB + "jackson-databind-2.9.10.1.jar", Finding.FixState.FIXED),
                tuple("CVE-2022-22965", "org.springframework:spring-beans",
                        FAT_JAR_LIB + "spring-beans-5.3.17.jar", Finding.FixState.FIXED),
                tuple("CVE-2005-2541", "tar", dpkg, Finding.FixState.NOT_FIXED),
                tuple("CVE-2013-4392", "libsystemd-shared", dpkg, Finding.FixState.NOT_FIXED)));
        // OS advisories name the source package and are reported on every binary package built from it.
        for (String glibc : List.of("libc6", "libc6-dev", "libc-dev-bin", "locales")) {
            expected.add(tuple("CVE-2010-4756", glibc, dpkg, Finding.FixState.NOT_FIXED));
            expected.add(tuple("CVE-2019-1010022", glibc, dpkg, Finding.FixState.NOT_FIXED));
        }
        for (String binary : List.of("perl", "libperl5.36")) {
            expected.add(tuple("CVE-2011-4116", binary, dpkg, Finding.FixState.NOT_FIXED));
        }
        for (String binary : List.of("libgssapi-krb5-2", "libkrb5support0")) {
            expected.add(tuple("CVE-2018-5709", binary, dpkg, Finding.FixState.NOT_FIXED));
        }
        // Exactly these: the stray log4j-core beside the fat jar is deleted by the cleanup layer, and nothing the
        // data set does not name is reported.
        assertThat(findings).extracting(f -> f.id(), f -> f.pkg().pkg().name(), f -> f.pkg().pkg().path(),
                Finding::fixState).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(findings).filteredOn(f -> f.id().equals("CVE-2021-44228")).singleElement()
                .satisfies(f -> {
                    assertThat(f.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
                    assertThat(f.fixedVersions()).contains("2.15.0");
                    assertThat(f.severity().level()).isEqualTo("CRITICAL");
                });
    }
}
