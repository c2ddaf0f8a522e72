package dev.pharos.engine.catalog.os;

import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.Catalogers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The OS catalogers are beans the Jandex index exposes, so Quarkus and plain callers both find them. */
class OsPackageCatalogersDiscoveryTest {
    @Test
    void osAndOsPackageCatalogersAreDiscovered() {
        assertThat(Catalogers.discover().all()).extracting(Cataloger::name).contains("os", "dpkg", "apk", "rpm");
    }
}
