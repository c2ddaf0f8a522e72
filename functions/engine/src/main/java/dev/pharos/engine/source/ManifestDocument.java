package dev.pharos.engine.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A manifest or index document, parsed (image-spec {@code manifest.md} and {@code image-index.md}; Docker's
 * Image Manifest V2 Schema 2 and manifest list, which carry the same fields under other media types).
 */
public sealed interface ManifestDocument {
    String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** What a registry client sends as {@code Accept}: every kind we can read. */
    String ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);

    /** An image manifest: one platform's config and layers. */
    record Image(Descriptor config, List<Descriptor> layers) implements ManifestDocument {
        public Image {
            layers = List.copyOf(layers);
        }
    }

    /** An index / manifest list: manifests per platform. */
    record Index(List<Entry> manifests) implements ManifestDocument {
        public Index {
            manifests = List.copyOf(manifests);
        }

        /**
         * The entry for {@code wanted}: os and architecture must match; a wanted variant must match too, and
         * without one the first entry of that os/arch is taken (e.g. {@code linux/arm64} finds {@code v8}).
         */
        public Descriptor select(Platform wanted, String reference) {
            return manifests.stream()
                    .filter(entry -> entry.platform().isPresent())
                    .filter(entry -> entry.platform().get().os().equals(wanted.os())
                            && entry.platform().get().architecture().equals(wanted.architecture())
                            && (wanted.variant().isEmpty() || wanted.variant().equals(entry.platform().get().variant())))
                    .map(Entry::manifest)
                    .findFirst()
                    .orElseThrow(() -> new PharosException(PharosException.Kind.UNSUPPORTED, reference
                            + " has no image for platform " + wanted + "; it has " + manifests.stream()
                            .flatMap(entry -> entry.platform().stream()).map(Platform::toString).distinct().toList()));
        }
    }

    record Entry(Descriptor manifest, Optional<Platform> platform) {
    }

    /**
     * Parses a manifest or index.
     *
     * @param mediaType the {@code Content-Type} or descriptor media type, if known; else the document's own
     *                  {@code mediaType} field or its shape decide
     */
    static ManifestDocument parse(byte[] json, Optional<String> mediaType, String reference) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw malformed(reference, "is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed(reference, "is not a JSON object");
        }
        String type = mediaType.filter(t -> !t.isBlank() && !t.startsWith("application/json"))
                .or(() -> Optional.ofNullable(root.path("mediaType").textValue()))
                .orElse(root.has("manifests") ? OCI_INDEX : OCI_MANIFEST);
        type = type.split(";")[0].trim();
        return switch (type) {
            case OCI_INDEX, DOCKER_LIST -> new Index(entries(root, reference));
            case OCI_MANIFEST, DOCKER_MANIFEST -> new Image(descriptor(root.path("config"), reference, "config"),
                    descriptors(root.path("layers"), reference));
            default -> throw new PharosException(PharosException.Kind.UNSUPPORTED, reference
                    + " is a " + type + " manifest; supported: OCI image manifest and index, Docker schema 2 and"
                    + " manifest list");
        };
    }

    private static List<Entry> entries(JsonNode root, String reference) {
        JsonNode list = root.path("manifests");
        if (!list.isArray()) {
            throw malformed(reference, "index has no manifests array");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : list) {
            JsonNode platform = node.path("platform");
            Optional<Platform> parsed = platform.isObject() && platform.hasNonNull("os")
                    && platform.hasNonNull("architecture")
                    ? Optional.of(new Platform(platform.get("os").asText(), platform.get("architecture").asText(),
                    Optional.ofNullable(platform.path("variant").textValue())))
                    : Optional.empty();
            entries.add(new Entry(descriptor(node, reference, "manifests[]"), parsed));
        }
        return entries;
    }

    private static List<Descriptor> descriptors(JsonNode list, String reference) {
        if (!list.isArray()) {
            throw malformed(reference, "manifest has no layers array");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode node : list) {
            layers.add(descriptor(node, reference, "layers[]"));
        }
        return layers;
    }

    private static Descriptor descriptor(JsonNode node, String reference, String field) {
        String digest = node.path("digest").textValue();
        String mediaType = node.path("mediaType").textValue();
        JsonNode size = node.path("size");
        if (digest == null || !digest.matches("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
                || mediaType == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw malformed(reference, field + " is not a descriptor with mediaType, digest and size: " + node);
        }
        return new Descriptor(mediaType, digest, size.asLong());
    }

    private static PharosException malformed(String reference, String what) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, "manifest of " + reference + " " + what);
    }

    ObjectMapper MAPPER = new ObjectMapper();
}
