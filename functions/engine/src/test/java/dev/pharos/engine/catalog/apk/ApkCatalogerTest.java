package dev.pharos.engine.catalog.apk;

import dev.pharos.engine.catalog.CatalogFixtures;
import dev.pharos.engine.catalog.FileEntry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApkCatalogerTest {
    private final ApkCataloger cataloger = new ApkCataloger();

    @Test
    void wantsTheInstalledDatabaseOnly() {
        assertThat(cataloger.wants(new FileEntry("lib/apk/db/installed", 100, 0644))).isTrue();
        List.of("lib/apk/db/installed.new", "lib/apk/db/triggers", "lib/apk/db/scripts.tar", "etc/apk/world",
                "usr/lib/apk/db/installed", "home/x/lib/apk/db/installed").forEach(path ->
                assertThat(cataloger.wants(new FileEntry(path, 100, 0644))).as(path).isFalse());
    }

    /**
     * The fixture follows the Alpine wiki "Apk spec" installed-database format (Alpine 3.19 package names and
     * versions). The golden was checked by reading the fixture: one package per record from P:, V:, A:, with
     * o: as source name (ssl_client from busybox, libcrypto3 from openssl) and the record's own name where o: is
     * missing (alpine-baselayout-data).
     */
    @Test
    void installedPackagesWithOrigins() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("apk", "happy"));
        assertThat(result.unknowns()).isEmpty();
        CatalogFixtures.assertGolden(result.packages(), "catalog/apk/happy.golden.json");
    }

    @Test
    void nothingWithoutTheDatabaseOrInAnEmptyOne() {
        var sad = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("apk", "sad"));
        var empty = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("apk", "empty"));
        assertThat(sad.packages()).isEmpty();
        assertThat(sad.unknowns()).isEmpty();
        assertThat(empty.packages()).isEmpty();
        assertThat(empty.unknowns()).isEmpty();
    }

    @Test
    void malformedLineMakesTheDatabaseAnUnknown() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("apk", "corrupt"));
        assertThat(result.packages()).isEmpty();
        assertThat(result.unknowns()).singleElement().satisfies(unknown -> assertThat(unknown.reason())
                .isEqualTo("line 6: not a 'K:value' line of an apk database"));
    }

    @Test
    void recordWithoutVersionMakesTheDatabaseAnUnknown() {
        var result = CatalogFixtures.catalog(cataloger, CatalogFixtures.scenario("apk", "no-version"));
        assertThat(result.unknowns()).singleElement().satisfies(unknown -> assertThat(unknown.reason())
                .isEqualTo("line 6: package record has no V:"));
    }
}
