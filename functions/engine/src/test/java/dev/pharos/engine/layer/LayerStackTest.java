package dev.pharos.engine.layer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LayerStackTest {
    private static LayerStack.Layer<String> layer(String id, Map<String, String> files, Set<String> whiteouts,
                                                  Set<String> opaque, Set<String> links) {
        return new LayerStack.Layer<>(id, files, whiteouts, opaque, links);
    }

    private static List<String> visible(List<LayerStack.Layer<String>> layers) {
        return LayerStack.apply(layers).stream().map(v -> v.layerId() + ":" + v.path() + "=" + v.payload()).toList();
    }

    @Test
    void aHigherLayerReplacesTheSamePath() {
        var base = layer("L0", Map.of("var/lib/dpkg/status", "old", "etc/os-release", "debian"), Set.of(), Set.of(),
                Set.of());
        var update = layer("L1", Map.of("var/lib/dpkg/status", "new"), Set.of(), Set.of(), Set.of());

        assertThat(visible(List.of(base, update)))
                .containsExactly("L0:etc/os-release=debian", "L1:var/lib/dpkg/status=new");
    }

    @Test
    void whiteoutsDeleteTheFileOrEverythingUnderADirectory() {
        var base = layer("L0", Map.of("app/a.jar", "a", "app/lib/b.jar", "b", "opt/c.jar", "c", "apple", "d"),
                Set.of(), Set.of(), Set.of());
        var delete = layer("L1", Map.of(), Set.of("app/a.jar", "opt"), Set.of(), Set.of());

        // "app" prefix must not match "apple": ancestors are whole segments.
        assertThat(visible(List.of(base, delete))).containsExactly("L0:app/lib/b.jar=b", "L0:apple=d");
    }

    @Test
    void anOpaqueDirectoryHidesLowerContentButKeepsItsOwnLayers() {
        var base = layer("L0", Map.of("usr/lib/node_modules/x/package.json", "x", "usr/bin/y", "y"), Set.of(),
                Set.of(), Set.of());
        var reinstall = layer("L1", Map.of("usr/lib/node_modules/z/package.json", "z"), Set.of(),
                Set.of("usr/lib/node_modules"), Set.of());

        assertThat(visible(List.of(base, reinstall)))
                .containsExactly("L0:usr/bin/y=y", "L1:usr/lib/node_modules/z/package.json=z");
    }

    @Test
    void whiteoutsOnlyActOnLowerLayersAndAFileCanComeBackAbove() {
        var base = layer("L0", Map.of("etc/os-release", "1"), Set.of(), Set.of(), Set.of());
        var delete = layer("L1", Map.of(), Set.of("etc/os-release"), Set.of(), Set.of());
        var restore = layer("L2", Map.of("etc/os-release", "3"), Set.of(), Set.of(), Set.of());

        assertThat(visible(List.of(base, delete, restore))).containsExactly("L2:etc/os-release=3");
        assertThat(visible(List.of(base, delete))).isEmpty();
    }

    @Test
    void aLinkReplacingADirectoryHidesTheLowerDirectoryContent() {
        var base = layer("L0", Map.of("lib/x86_64-linux-gnu/libc.so.6", "libc", "usr/lib/os-release", "os"),
                Set.of(), Set.of(), Set.of());
        var usrMerge = layer("L1", Map.of(), Set.of(), Set.of(), Set.of("lib"));

        assertThat(visible(List.of(base, usrMerge))).containsExactly("L0:usr/lib/os-release=os");
    }

    @Test
    void aWantedFileWithoutPayloadStillReplacesTheLowerOne() {
        var lower = new LayerListing("L0", Set.of(), Set.of(), List.of("app/big.jar"), Set.of(), List.of(), 1, 1024);
        var upper = new LayerListing("L1", Set.of(), Set.of(), List.of("app/big.jar"), Set.of(),
                List.of(new SkippedEntry("app/big.jar", SkippedEntry.Reason.FILE_TOO_LARGE, "too big")), 1, 1024);

        var visible = LayerStack.apply(List.of(LayerStack.Layer.of(lower, Map.of("app/big.jar", "old")),
                LayerStack.Layer.of(upper, Map.<String, String>of())));

        assertThat(visible).isEmpty();
    }

    @Test
    void anOpaqueRootHidesEveryLowerLayer() {
        var base = layer("L0", Map.of("a", "a"), Set.of(), Set.of(), Set.of());
        var top = layer("L1", Map.of("b", "b"), Set.of(), Set.of(""), Set.of());

        assertThat(visible(List.of(base, top))).containsExactly("L1:b=b");
    }

    @Test
    void resultsAreOrderedBottomLayerFirstAndCarryTheLayerIndex() {
        var l0 = layer("L0", Map.of("z", "0"), Set.of(), Set.of(), Set.of());
        var l1 = layer("L1", Map.of("a", "1"), Set.of(), Set.of(), Set.of());

        assertThat(LayerStack.apply(List.of(l0, l1))).extracting(LayerStack.Visible::layerIndex).containsExactly(0, 1);
    }
}
