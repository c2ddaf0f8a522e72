package dev.pharos.engine.analysis;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.Unknown;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.layout.OciLayoutSource;
import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.OciImageBuilder.RawEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageAnalyzerTest {
    private static final String OS_RELEASE = """
            PRETTY_NAME="Ubuntu 22.04.4 LTS"
            NAME="Ubuntu"
            VERSION_ID="22.04"
            VERSION="22.04.4 LTS (Jammy Jellyfish)"
            ID=ubuntu
            ID_LIKE=debian
            """;
    private static final String STATUS_BEFORE = stanza("libssl3", "3.0.2-0ubuntu1.14", "openssl")
            + stanza("zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", "zlib");
    private static final String STATUS_AFTER = stanza("libssl3", "3.0.2-0ubuntu1.15", "openssl")
            + stanza("zlib1g", "1:1.2.11.dfsg-2ubuntu9.2", "zlib") + stanza("curl", "7.81.0-1ubuntu1.16", null);

    @TempDir
    Path layout;

    private static String stanza(String name, String version, String source) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\n"
                + (source == null ? "" : "Source: " + source + "\n") + "Version: " + version + "\n\n";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> base() {
        return Map.of("etc/os-release", utf8(OS_RELEASE),
                "var/lib/dpkg/status", utf8(STATUS_BEFORE),
                "app/node_modules/left-pad/package.json", utf8("{\"name\":\"left-pad\",\"version\":\"1.3.0\"}"),
                "app/node_modules/lodash/package.json", utf8("{\"name\":\"lodash\",\"version\":\"4.17.20\"}"));
    }

    /** A layer like {@code apt-get upgrade && npm uninstall left-pad}: a new status file and a whiteout. */
    private static List<RawEntry> upgrade() {
        return List.of(RawEntry.file("var/lib/dpkg/status", STATUS_AFTER),
                RawEntry.whiteout("app/node_modules/left-pad"));
    }

    private OciLayoutSource source(String tag, ScanLimits limits) {
        return new OciLayoutSource(layout, Optional.of(tag), Platform.LINUX_AMD64, limits);
    }

    private Inventory analyze(ImageAnalyzer analyzer, String tag) throws IOException {
        try (OciLayoutSource source = source(tag, ScanLimits.defaults())) {
            return analyzer.analyze(source);
        }
    }

    @Test
    void theInventoryIsWhatTheTopOfTheStackShows() throws IOException {
        OciImageBuilder.image().layer(base()).rawLayer(upgrade()).tag("app").writeTo(layout);

        Inventory inventory = analyze(new ImageAnalyzer(Catalogers.discover(), LayerCache.none(),
                ScanLimits.defaults()), "app");

        String upgradeLayer = inventory.layers().get(1);
        assertThat(inventory.os()).hasValueSatisfying(os ->
                assertThat(os.osvEcosystem()).contains("Ubuntu:22.04:LTS"));
        assertThat(inventory.packages()).extracting(p -> p.pkg().purl() + " @" + p.layerDigest().orElseThrow())
                .containsExactlyInAnyOrder(
                        "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04 @" + upgradeLayer,
                        "pkg:deb/ubuntu/zlib1g@1%3A1.2.11.dfsg-2ubuntu9.2?arch=amd64&distro=ubuntu-22.04 @"
                                + upgradeLayer,
                        "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.16?arch=amd64&distro=ubuntu-22.04 @" + upgradeLayer,
                        "pkg:npm/lodash@4.17.20 @" + inventory.layers().get(0));
        assertThat(inventory.packages()).filteredOn(p -> p.pkg().name().equals("libssl3")).singleElement()
                .satisfies(p -> assertThat(p.pkg().source()).hasValueSatisfying(source ->
                        assertThat(source.name() + " " + source.version()).isEqualTo("openssl 3.0.2-0ubuntu1.15")));
        assertThat(inventory.unknowns()).isEmpty();
    }

    @Test
    void anImageSharingABaseLayerAnalysesOnlyItsOwnLayers() throws IOException {
        OciImageBuilder.image().layer(base()).tag("base").writeTo(layout);
        OciImageBuilder.image().layer(base()).rawLayer(upgrade()).tag("app").writeTo(layout);
        CountingCache cache = new CountingCache();
        ImageAnalyzer analyzer = new ImageAnalyzer(Catalogers.discover(), cache, ScanLimits.defaults());

        Inventory baseInventory = analyze(analyzer, "base");
        assertThat(cache.stored).containsExactly(baseInventory.layers().get(0));

        Inventory app = analyze(analyzer, "app");
        assertThat(app.layers().get(0)).isEqualTo(baseInventory.layers().get(0));
        assertThat(cache.stored).containsExactly(baseInventory.layers().get(0), app.layers().get(1));

        Inventory again = analyze(analyzer, "app");
        assertThat(cache.stored).hasSize(2);
        assertThat(again).isEqualTo(app);
        Inventory uncached = analyze(new ImageAnalyzer(Catalogers.discover(), LayerCache.none(),
                ScanLimits.defaults()), "app");
        assertThat(again).isEqualTo(uncached);
    }

    @Test
    void aCatalogerThatBreaksCostsOnlyItsOwnFile() throws IOException {
        OciImageBuilder.image().layer(base()).tag("base").writeTo(layout);
        List<Cataloger> catalogers = new ArrayList<>(Catalogers.discover().all());
        catalogers.add(new Cataloger() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int version() {
                return 1;
            }

            @Override
            public boolean wants(FileEntry entry) {
                return entry.path().equals("etc/os-release");
            }

            @Override
            public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) {
                throw new IllegalStateException("bug in a plug-in");
            }
        });

        Inventory inventory = analyze(new ImageAnalyzer(new Catalogers(catalogers), LayerCache.none(),
                ScanLimits.defaults()), "base");

        assertThat(inventory.unknowns()).singleElement().satisfies(unknown -> {
            assertThat(unknown.path()).isEqualTo("etc/os-release");
            assertThat(unknown.cataloger()).isEqualTo("broken");
            assertThat(unknown.reason()).contains("bug in a plug-in");
        });
        assertThat(inventory.os()).isPresent();
        assertThat(inventory.packages()).hasSize(4);
    }

    @Test
    void tooManyLayersFailTheScanBeforeAnyIsRead() {
        OciImageBuilder.image().layer(base()).rawLayer(upgrade()).tag("app").writeTo(layout);
        ScanLimits oneLayer = new ScanLimits(4L << 20, 8L << 20, 1, 1L << 30, 10_000, 1L << 20, 2,
                Duration.ofMinutes(1));
        CountingCache cache = new CountingCache();

        assertThatThrownBy(() -> {
            try (OciLayoutSource source = source("app", oneLayer)) {
                new ImageAnalyzer(Catalogers.discover(), cache, oneLayer).analyze(source);
            }
        }).isInstanceOfSatisfying(PharosException.class, e -> {
            assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("layer");
        });
        assertThat(cache.stored).isEmpty();
    }

    @Test
    void refusedEntriesAreReportedAsUnknowns() throws IOException {
        OciImageBuilder.image().layer(base())
                .rawLayer(List.of(RawEntry.file("../../etc/shadow", "x"), RawEntry.symlink("app/escape", "../../..")))
                .tag("hostile").writeTo(layout);

        Inventory inventory = analyze(new ImageAnalyzer(Catalogers.discover(), LayerCache.none(),
                ScanLimits.defaults()), "hostile");

        assertThat(inventory.unknowns()).extracting(Unknown::path)
                .containsExactlyInAnyOrder("../../etc/shadow", "app/escape");
        assertThat(inventory.packages()).hasSize(4);
    }

    @Test
    void aLockfilePackageWhoseInstalledDirectoryALaterLayerDeletedIsGone() throws IOException {
        String lockfile = """
                {"name":"web","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
                  "":{"name":"web","version":"1.0.0","dependencies":{"debug":"2.6.9","ms":"2.1.3"}},
                  "node_modules/debug":{"version":"2.6.9","resolved":"x","integrity":"y"},
                  "node_modules/ms":{"version":"2.1.3","resolved":"x","integrity":"y"}}}""";
        OciImageBuilder.image()
                .layer(Map.of("web/package-lock.json", utf8(lockfile),
                        "web/node_modules/debug/package.json", utf8("{\"name\":\"debug\",\"version\":\"2.6.9\"}"),
                        "web/node_modules/ms/package.json", utf8("{\"name\":\"ms\",\"version\":\"2.1.3\"}")))
                .rawLayer(List.of(RawEntry.whiteout("web/node_modules/debug")))
                .tag("web").writeTo(layout);

        Inventory inventory = analyze(new ImageAnalyzer(Catalogers.discover(), LayerCache.none(),
                ScanLimits.defaults()), "web");

        assertThat(inventory.packages()).extracting(p -> p.pkg().purl() + " " + p.pkg().path())
                .containsExactly("pkg:npm/ms@2.1.3 web/node_modules/ms/package.json");
    }

    @Test
    void anUpperFileTooLargeToReadStillHidesTheLowerCopy() throws IOException {
        OciImageBuilder.image().layer(base())
                .rawLayer(List.of(RawEntry.file("var/lib/dpkg/status", STATUS_AFTER.repeat(200))))
                .tag("padded").writeTo(layout);
        ScanLimits limits = new ScanLimits(4L << 20, 8L << 20, 256, 1L << 30, 10_000, 4_096, 4,
                Duration.ofMinutes(1));

        Inventory inventory;
        try (OciLayoutSource source = source("padded", limits)) {
            inventory = new ImageAnalyzer(Catalogers.discover(), LayerCache.none(), limits).analyze(source);
        }

        // The old status file's packages would be stale versions: nothing from it may show through.
        assertThat(inventory.packages()).extracting(p -> p.pkg().name())
                .containsExactlyInAnyOrder("left-pad", "lodash");
        assertThat(inventory.unknowns()).singleElement()
                .satisfies(unknown -> assertThat(unknown.path()).isEqualTo("var/lib/dpkg/status"));
    }

    /** The real cache contract without a database: remembers results and which layers were stored. */
    private static final class CountingCache implements LayerCache {
        private final Map<String, CachedLayer> layers = new ConcurrentHashMap<>();
        private final List<String> stored = new ArrayList<>();

        @Override
        public Map<String, CachedLayer> load(Collection<String> digests, Map<String, Integer> versions) {
            Map<String, CachedLayer> found = new java.util.HashMap<>();
            digests.forEach(digest -> found.put(digest, layers.getOrDefault(digest, CachedLayer.EMPTY)));
            return found;
        }

        @Override
        public void store(String digest, LayerStructure structure, List<CatalogerLayerResult> results) {
            stored.add(digest);
            Map<String, CatalogerLayerResult> byName = new java.util.HashMap<>();
            results.forEach(result -> byName.put(result.cataloger(), result));
            layers.put(digest, new CachedLayer(Optional.of(structure), byName));
        }
    }
}
