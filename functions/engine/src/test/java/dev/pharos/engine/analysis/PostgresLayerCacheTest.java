package dev.pharos.engine.analysis;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.Unknown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresLayerCacheTest {
    private static MigratedDatabase db;
    private static PostgresLayerCache cache;

    private static final LayerStructure STRUCTURE = new LayerStructure(Set.of("etc/old.conf"), Set.of("opt/app"), Set.of("lib"),
            List.of(new Unknown("../escape", "layer", "path leaves the image root")));
    private static final CatalogerLayerResult DPKG = new CatalogerLayerResult("dpkg", 3, List.of(
            new PathOutcome("var/lib/dpkg/status", List.of(new FoundPackage(PackageType.DEB, "libc6", "2.36-9",
                    "pkg:deb/debian/libc6@2.36-9?arch=amd64", Optional.of(new SourcePackage("glibc", "2.36-9")),
                    "var/lib/dpkg/status")), Optional.empty(), List.of())));
    private static final CatalogerLayerResult OS = new CatalogerLayerResult("os", 1, List.of(
            new PathOutcome("etc/os-release", List.of(), Optional.of(new OsRelease("debian", "12",
                    "Debian GNU/Linux 12 (bookworm)", Optional.of("Debian:12"))), List.of()),
            new PathOutcome("etc/debian_version", List.of(), Optional.empty(),
                    List.of(new Unknown("etc/debian_version", "os", "empty file")))));

    @BeforeAll
    static void start() {
        db = new MigratedDatabase();
        cache = new PostgresLayerCache(db.pool(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static String layer() {
        return "sha256:" + UUID.randomUUID().toString().replace("-", "").repeat(2);
    }

    @Test
    void storedResultsReadBackExactlyForTheSameCatalogerVersions() {
        String layer = layer();
        cache.store(layer, STRUCTURE, List.of(DPKG, OS));

        CachedLayer cached = cache.load(List.of(layer), Map.of("dpkg", 3, "os", 1)).get(layer);
        assertThat(cached.structure()).contains(STRUCTURE);
        assertThat(cached.byCataloger()).isEqualTo(Map.of("dpkg", DPKG, "os", OS));
    }

    @Test
    void aNewCatalogerVersionOrAnUnknownLayerIsAMiss() {
        String layer = layer();
        String other = layer();
        cache.store(layer, STRUCTURE, List.of(DPKG, OS));

        Map<String, CachedLayer> cached = cache.load(List.of(layer, other), Map.of("dpkg", 4, "os", 1));
        assertThat(cached.get(layer).byCataloger()).containsOnlyKeys("os");
        assertThat(cached.get(other)).isEqualTo(CachedLayer.EMPTY);
    }

    @Test
    void storingTheSameLayerTwiceKeepsTheFirstRowsAndAddsNewCatalogers() {
        String layer = layer();
        cache.store(layer, STRUCTURE, List.of(DPKG));
        cache.store(layer, STRUCTURE, List.of(DPKG, OS));

        assertThat(cache.load(List.of(layer), Map.of("dpkg", 3, "os", 1)).get(layer).byCataloger())
                .containsOnlyKeys("dpkg", "os");
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        MigratedDatabase closing = new MigratedDatabase();
        PostgresLayerCache broken = new PostgresLayerCache(closing.pool(), Duration.ofSeconds(5));
        closing.close();
        assertThatThrownBy(() -> broken.load(List.of(layer()), Map.of()))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE));
    }
}
