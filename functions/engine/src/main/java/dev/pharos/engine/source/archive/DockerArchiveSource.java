package dev.pharos.engine.source.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.layer.ScanBudget;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.ManifestDocument;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.engine.source.VerifiedBlobStream;
import dev.pharos.engine.source.layout.OciLayout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An image in a {@code docker save} archive, read in place with random access to its members (nothing is
 * extracted). Docker's {@code manifest.json} lists the images: {@code [{"Config", "RepoTags", "Layers"}]} with
 * member paths; an image is chosen by one of its RepoTags, or is the archive's only one.
 * <p>
 * Docker 25 and later also write an OCI image layout into the archive and name its blobs
 * ({@code blobs/sha256/<hex>}) in {@code manifest.json}: then the real OCI manifest is found by its config digest and
 * used as is (its digest, its layer media types). Older archives have no manifest and name members
 * {@code <id>/layer.tar} and {@code <id>.json}: their layer descriptors are made here, each digest being the
 * SHA-256 of the layer.tar member, i.e. of the uncompressed tar (the layer's diff id, not a registry blob digest);
 * and since no manifest exists, the image's {@code manifestDigest} is its config digest (Docker's image id).
 */
public final class DockerArchiveSource implements ImageSource {
    /** docker save writes layers as plain tars; the layer walker sniffs the bytes anyway. */
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

    private final Path archive;
    private final Optional<String> repoTag;
    private final Platform platform;
    private final ScanLimits limits;
    private final String reference;
    private final Map<String, String> memberByDigest = new ConcurrentHashMap<>();
    private TarFile tar;
    private Map<String, TarArchiveEntry> members;

    public DockerArchiveSource(Path archive, Optional<String> repoTag, Platform platform, ScanLimits limits) {
        this.archive = archive;
        this.repoTag = repoTag;
        this.platform = platform;
        this.limits = limits;
        this.reference = "docker-archive:" + archive + repoTag.map(t -> ":" + t).orElse("");
    }

    @Override
    public synchronized ResolvedImage resolve() throws IOException {
        open();
        JsonNode image = selectImage();
        String config = image.path("Config").asText("");
        List<String> layers = new ArrayList<>();
        image.path("Layers").forEach(layer -> layers.add(layer.asText("")));
        ScanBudget.checkLayerCount(limits, layers.size(), reference);
        Optional<String> configDigest = declaredDigest(config);
        if (configDigest.isPresent() && members.containsKey("index.json")) {
            Optional<ResolvedImage> fromLayout = layout().resolveByConfig(configDigest.get(), platform);
            if (fromLayout.isPresent()) {
                return fromLayout.get();
            }
        }
        return fromDockerManifest(config, layers);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        TarFile opened = open();
        String member = Optional.ofNullable(memberByDigest.get(blob.digest()))
                .orElseGet(() -> OciLayout.blobPath(blob.digest()));
        return new VerifiedBlobStream(opened.getInputStream(member(member)), blob);
    }

    @Override
    public synchronized void close() throws IOException {
        if (tar != null) {
            tar.close();
            tar = null;
        }
    }

    private ResolvedImage fromDockerManifest(String configPath, List<String> layerPaths) throws IOException {
        long configSize = required(configPath).getRealSize();
        if (configSize > limits.maxConfigBytes()) {
            throw ScanBudget.exceeded("maxConfigBytes", limits.maxConfigBytes(), reference + " config has "
                    + configSize + " bytes");
        }
        Descriptor config = describe(configPath, CONFIG_TYPE);
        byte[] configJson;
        try (InputStream in = openBlob(config)) {
            configJson = in.readAllBytes();
        }
        List<Descriptor> layers = new ArrayList<>();
        for (String layer : layerPaths) {
            layers.add(describe(layer, LAYER_TYPE));
        }
        checkDiffIds(configJson, layers);
        Platform imagePlatform = OciLayout.configPlatform(configJson).orElse(platform);
        return new ResolvedImage(reference, config.digest(), imagePlatform, config, configJson, layers);
    }

    /**
     * A classic save's layer.tar members are the uncompressed layers, so their SHA-256 must be the config's
     * {@code rootfs.diff_ids} (image-spec config.md), in order: the one integrity check such an archive allows,
     * as the config itself is verified against its file name (the image id).
     */
    private void checkDiffIds(byte[] configJson, List<Descriptor> layers) throws IOException {
        JsonNode diffIds = ManifestDocument.MAPPER.readTree(configJson).path("rootfs").path("diff_ids");
        if (!diffIds.isArray()) {
            return;
        }
        if (diffIds.size() != layers.size()) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, reference + " lists " + layers.size()
                    + " layers but its config has " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).digest().equals(diffIds.get(i).asText())) {
                throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, reference + " layer " + i + " hashes"
                        + " to " + layers.get(i).digest() + ", its config's diff_id is " + diffIds.get(i).asText());
            }
        }
    }

    /**
     * A descriptor for a member: its digest from a {@code blobs/<alg>/<hex>} path (checked when read), else
     * computed by hashing the member once.
     */
    private Descriptor describe(String memberPath, String mediaType) throws IOException {
        TarArchiveEntry entry = required(memberPath);
        String digest = declaredDigest(memberPath).orElse(null);
        if (digest == null) {
            MessageDigest sha256 = VerifiedBlobStream.newDigest("sha256:");
            try (InputStream in = new DigestInputStream(tar.getInputStream(entry), sha256)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            digest = VerifiedBlobStream.format("sha256:", sha256);
        }
        memberByDigest.put(digest, normalise(memberPath));
        return new Descriptor(mediaType, digest, entry.getRealSize());
    }

    private JsonNode selectImage() throws IOException {
        JsonNode images;
        try (InputStream in = tar.getInputStream(required("manifest.json"))) {
            byte[] json = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxManifestBytes() + 1));
            if (json.length > limits.maxManifestBytes()) {
                throw ScanBudget.exceeded("maxManifestBytes", limits.maxManifestBytes(), reference
                        + " manifest.json is larger");
            }
            images = ManifestDocument.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed("manifest.json is not JSON: " + e.getOriginalMessage());
        }
        if (images == null || !images.isArray() || images.isEmpty()) {
            throw malformed("manifest.json is not a non-empty array of images");
        }
        List<String> tags = new ArrayList<>();
        images.forEach(image -> image.path("RepoTags").forEach(tag -> tags.add(tag.asText())));
        if (repoTag.isEmpty()) {
            if (images.size() != 1) {
                throw malformed("holds " + images.size() + " images; name one by tag: " + tags);
            }
            return images.get(0);
        }
        for (JsonNode image : images) {
            for (JsonNode tag : image.path("RepoTags")) {
                if (tag.asText().equals(repoTag.get())) {
                    return image;
                }
            }
        }
        throw new PharosException(PharosException.Kind.NOT_FOUND, reference + " has no image tagged '"
                + repoTag.get() + "'; tags: " + tags);
    }

    private OciLayout layout() {
        return new OciLayout(path -> tar.getInputStream(member(path)), limits, reference);
    }

    private synchronized TarFile open() throws IOException {
        if (tar == null) {
            tar = new TarFile(archive);
            Map<String, TarArchiveEntry> byName = new HashMap<>();
            for (TarArchiveEntry entry : tar.getEntries()) {
                if (entry.isFile()) {
                    byName.put(normalise(entry.getName()), entry);
                }
            }
            members = byName;
        }
        return tar;
    }

    private TarArchiveEntry member(String path) throws NoSuchFileException {
        TarArchiveEntry entry = members.get(normalise(path));
        if (entry == null) {
            throw new NoSuchFileException(reference + " has no member " + path);
        }
        return entry;
    }

    /** A member manifest.json needs: its absence means the archive is not (or not a whole) docker save. */
    private TarArchiveEntry required(String path) {
        try {
            return member(path);
        } catch (NoSuchFileException e) {
            throw malformed("is not a complete docker save archive: it has no member " + path);
        }
    }

    /** Member names as docker writes them; "./x" and "x" are the same member, ".." never names one. */
    private static String normalise(String name) {
        String clean = name.replaceAll("/+", "/");
        while (clean.startsWith("./") || clean.startsWith("/")) {
            clean = clean.substring(clean.startsWith("/") ? 1 : 2);
        }
        return clean.contains("..") ? "" : clean;
    }

    /**
     * The digest a member's name declares, verified when the member is read: {@code blobs/<alg>/<hex>} (OCI
     * layout), or {@code <hex>.json}, a classic save's config named by the image id, the SHA-256 of the config
     * (Docker image spec v1.2). The classic {@code <id>/layer.tar} declares none.
     */
    private static Optional<String> declaredDigest(String path) {
        String clean = normalise(path);
        String digest;
        if (clean.startsWith("blobs/")) {
            digest = clean.substring("blobs/".length()).replaceFirst("/", ":");
        } else if (clean.matches("[a-f0-9]{64}\\.json")) {
            digest = "sha256:" + clean.substring(0, 64);
        } else {
            return Optional.empty();
        }
        try {
            OciLayout.blobPath(digest);
            return Optional.of(digest);
        } catch (PharosException notADigest) {
            return Optional.empty();
        }
    }

    private PharosException malformed(String what) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, reference + " " + what);
    }
}
