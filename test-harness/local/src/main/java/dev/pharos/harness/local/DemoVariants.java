package dev.pharos.harness.local;

import dev.pharos.harness.OciImageBuilder;
import dev.pharos.harness.Peers;
import dev.pharos.harness.demo.DemoImage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Distinct images that share the demo image's layers: its Debian base and application layers, then one small layer
 * of their own ({@code variant/name}). Each has its own digest and needs a scan of its own, while the shared layers'
 * analyses come from the layer cache: what a fleet built from one base looks like.
 */
public final class DemoVariants {
    private final Map<String, byte[]> base;
    private final Map<String, byte[]> application;

    public DemoVariants() {
        DemoImage demo = new DemoImage(DemoImage.Sources.inRepo(Peers.repoRoot()));
        this.base = demo.debianBase();
        this.application = demo.application();
    }

    /** Writes variant {@code name} into an OCI layout under {@code tag}; returns its manifest digest. */
    public String write(Path layout, String tag, String name) {
        return OciImageBuilder.image().tag(tag).layer(base).layer(application)
                .layer(Map.of("variant/name", name.getBytes(StandardCharsets.UTF_8))).writeTo(layout);
    }
}
