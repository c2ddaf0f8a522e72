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

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data that ships with pharos-local: the OSV set imports cleanly into real PostgreSQL, and the demo image
 * built from real artifacts, analysed and matched by the engine, has exactly the vulnerabilities the set describes.
 */
class DemoDataTest {
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

        // Exactly these: the stray log4j-core beside the fat jar is deleted by the cleanup layer, and nothing the
        // data set does not name is reported.
        assertThat(findings).extracting(f -> f.id(), f -> f.pkg().pkg().name(), f -> f.pkg().pkg().path(),
                f -> f.fixState() == Finding.FixState.FIXED).containsExactlyInAnyOrderElementsOf(DemoFindings.expected());
        assertThat(findings).filteredOn(f -> f.id().equals("CVE-2021-44228")).singleElement()
                .satisfies(f -> {
                    assertThat(f.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q");
                    assertThat(f.fixedVersions()).contains("2.15.0");
                    assertThat(f.severity().level()).isEqualTo("CRITICAL");
                });
    }
}
