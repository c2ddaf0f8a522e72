package dev.pharos.engine.source;

import java.util.List;

/**
 * One platform's image, resolved: its manifest digest (what findings are keyed by), its config and its layers in
 * order, bottom first.
 *
 * @param reference      what was asked for, for messages (e.g. {@code registry:5000/team/app:1.0})
 * @param manifestDigest digest of the platform manifest (not of the index it was selected from)
 * @param config         the image config blob's descriptor
 * @param configJson     the config blob itself, digest-verified and size-bounded
 * @param layers         layer descriptors, bottom first
 */
public record ResolvedImage(String reference, String manifestDigest, Platform platform, Descriptor config,
                            byte[] configJson, List<Descriptor> layers) {
    public ResolvedImage {
        layers = List.copyOf(layers);
    }
}
