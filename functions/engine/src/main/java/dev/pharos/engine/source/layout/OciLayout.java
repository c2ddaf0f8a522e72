package dev.pharos.engine.source.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.layer.ScanBudget;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ManifestDocument;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.engine.source.VerifiedBlobStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an OCI image layout (image-spec {@code image-layout.md}): {@code oci-layout} names the layout version,
 * {@code index.json} lists the images (tagged by the {@code org.opencontainers.image.ref.name} annotation), blobs
 * live at {@code blobs/<algorithm>/<encoded>}. Every blob is digest-verified as it is read; manifests, indexes and
 * configs are size-bounded before they are read.
 */
public final class OciLayout {
    /** image-spec annotations.md: the tag (or full reference) of an index.json entry. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** Indexes inside indexes (image-spec allows nesting); more levels than this is taken as hostile. */
    private static final int MAX_NESTING = 4;
    /** Manifests {@link #resolveByConfig} reads at most: a save of many tags and platforms stays far below. */
    private static final int MAX_MANIFESTS_SEARCHED = 1024;
    /**
     * Only the registered algorithms with their exact encodings (image-spec descriptor.md) can name a blob file, so
     * a crafted digest such as {@code sha256:../../etc/passwd} never becomes a path.
     */
    private static final Pattern BLOB_DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    private final LayoutFiles files;
    private final ScanLimits limits;
    private final String reference;

    public OciLayout(LayoutFiles files, ScanLimits limits, String reference) {
        this.files = files;
        this.limits = limits;
        this.reference = reference;
    }

    /**
     * The image tagged {@code tag} (or, without a tag, the layout's only entry), for {@code platform} if it is an
     * index.
     */
    public ResolvedImage resolve(Optional<String> tag, Platform platform) throws IOException {
        List<IndexEntry> entries = topLevel();
        List<IndexEntry> chosen = tag.map(t -> entries.stream().filter(e -> e.refName().equals(Optional.of(t)))
                .toList()).orElse(entries);
        if (chosen.isEmpty()) {
            throw new PharosException(PharosException.Kind.NOT_FOUND, reference + ": no image tagged '"
                    + tag.orElse("") + "' in index.json; tags: " + tags(entries));
        }
        Descriptor manifest;
        if (chosen.size() == 1) {
            manifest = chosen.getFirst().entry().manifest();
        } else if (chosen.stream().allMatch(e -> e.entry().platform().isPresent())) {
            manifest = new ManifestDocument.Index(chosen.stream().map(IndexEntry::entry).toList())
                    .select(platform, reference);
        } else {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, reference + " holds " + chosen.size()
                    + " images; name one by tag: " + tags(entries));
        }
        return follow(manifest, platform, 0);
    }

    /**
     * The image whose config blob is {@code configDigest}, searching every manifest the layout lists (nested
     * indexes included): how a {@code docker save} archive's {@code manifest.json} entry is matched to its layout.
     */
    public Optional<ResolvedImage> resolveByConfig(String configDigest, Platform platform) throws IOException {
        List<Descriptor> pending = new ArrayList<>(topLevel().stream().map(e -> e.entry().manifest()).toList());
        int read = 0;
        while (!pending.isEmpty()) {
            Descriptor descriptor = pending.removeFirst();
            if (++read > MAX_MANIFESTS_SEARCHED) {
                throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, reference
                        + " lists more manifests than are searched (" + MAX_MANIFESTS_SEARCHED + ")");
            }
            ManifestDocument document = manifest(descriptor);
            if (document instanceof ManifestDocument.Index index) {
                index.manifests().forEach(entry -> pending.add(entry.manifest()));
            } else if (document instanceof ManifestDocument.Image image
                    && image.config().digest().equals(configDigest)) {
                return Optional.of(image(descriptor, image, platform));
            }
        }
        return Optional.empty();
    }

    /** The blob's bytes, digest-verified as they are read (see {@link VerifiedBlobStream}). */
    public InputStream openBlob(Descriptor blob) throws IOException {
        return new VerifiedBlobStream(files.open(blobPath(blob.digest())), blob);
    }

    /** {@code blobs/<alg>/<hex>} for a digest of a registered algorithm; anything else is refused. */
    public static String blobPath(String digest) {
        if (!BLOB_DIGEST.matcher(digest).matches()) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    "digest '" + digest + "' cannot name a blob (sha256 or sha512 in lower-case hex expected)");
        }
        return "blobs/" + digest.replace(':', '/');
    }

    private ResolvedImage follow(Descriptor descriptor, Platform platform, int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, reference + " nests indexes deeper than "
                    + MAX_NESTING + " levels");
        }
        return switch (manifest(descriptor)) {
            case ManifestDocument.Index index -> follow(index.select(platform, reference), platform, depth + 1);
            case ManifestDocument.Image image -> image(descriptor, image, platform);
        };
    }

    private ResolvedImage image(Descriptor manifest, ManifestDocument.Image image, Platform wanted)
            throws IOException {
        ScanBudget.checkLayerCount(limits, image.layers().size(), reference);
        byte[] config = readBlob(image.config(), limits.maxConfigBytes(), "maxConfigBytes");
        return new ResolvedImage(reference, manifest.digest(), configPlatform(config).orElse(wanted), image.config(),
                config, image.layers());
    }

    private ManifestDocument manifest(Descriptor descriptor) throws IOException {
        byte[] json = readBlob(descriptor, limits.maxManifestBytes(), "maxManifestBytes");
        return ManifestDocument.parse(json, Optional.of(descriptor.mediaType()), reference);
    }

    private byte[] readBlob(Descriptor blob, long max, String limit) throws IOException {
        if (blob.size() > max) {
            throw ScanBudget.exceeded(limit, max, reference + " blob " + blob.digest() + " declares " + blob.size()
                    + " bytes");
        }
        try (InputStream in = openBlob(blob)) {
            return in.readAllBytes(); // bounded: VerifiedBlobStream fails past the declared size
        }
    }

    private record IndexEntry(ManifestDocument.Entry entry, Optional<String> refName) {
    }

    private List<IndexEntry> topLevel() throws IOException {
        JsonNode layoutFile = json("oci-layout", 64 * 1024);
        String version = layoutFile.path("imageLayoutVersion").asText("");
        if (!version.startsWith("1.")) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, reference + " has imageLayoutVersion '"
                    + version + "'; 1.x is supported");
        }
        byte[] indexJson = bounded("index.json", limits.maxManifestBytes(), "maxManifestBytes");
        ManifestDocument parsed = ManifestDocument.parse(indexJson,
                Optional.of(ManifestDocument.OCI_INDEX), reference + " index.json");
        List<ManifestDocument.Entry> entries = ((ManifestDocument.Index) parsed).manifests();
        JsonNode raw = ManifestDocument.MAPPER.readTree(indexJson).path("manifests");
        List<IndexEntry> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            result.add(new IndexEntry(entries.get(i),
                    Optional.ofNullable(raw.get(i).path("annotations").path(REF_NAME).textValue())));
        }
        return result;
    }

    private static List<String> tags(List<IndexEntry> entries) {
        return entries.stream().flatMap(e -> e.refName().stream()).distinct().toList();
    }

    private JsonNode json(String path, long max) throws IOException {
        try {
            return ManifestDocument.MAPPER.readTree(bounded(path, max, "size of " + path));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, reference + " " + path
                    + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private byte[] bounded(String path, long max, String limit) throws IOException {
        try (InputStream in = files.open(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw ScanBudget.exceeded(limit, max, reference + " " + path + " is larger");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, reference
                    + " is not an OCI image layout: it has no " + path);
        }
    }

    /** os/architecture/variant of an image config (image-spec config.md), when it names them. */
    public static Optional<Platform> configPlatform(byte[] config) {
        try {
            JsonNode root = ManifestDocument.MAPPER.readTree(config);
            String os = root.path("os").textValue();
            String architecture = root.path("architecture").textValue();
            return os == null || architecture == null ? Optional.empty() : Optional.of(new Platform(os, architecture,
                    Optional.ofNullable(root.path("variant").textValue())));
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "image config is not JSON: "
                    + e.getMessage());
        }
    }
}
