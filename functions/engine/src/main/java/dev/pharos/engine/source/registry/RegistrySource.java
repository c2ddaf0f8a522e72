package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.ManifestDocument;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;
import dev.pharos.engine.source.VerifiedBlobStream;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * An image in a registry speaking the OCI distribution-spec / Docker Registry HTTP API v2.
 * <p>
 * Nothing the registry says is trusted: a manifest is hashed and must match the digest it was asked by (a pinned
 * reference or the index entry) and the {@code Docker-Content-Digest} the registry claims; config and layers are
 * verified by {@link VerifiedBlobStream}; manifests and configs are read with size bounds enforced while reading.
 */
public final class RegistrySource implements ImageSource {
    private final ImageReference reference;
    private final RegistryOptions options;
    private final RegistryClient client;

    public RegistrySource(ImageReference reference, RegistryOptions options, CredentialProvider credentials) {
        this.reference = reference;
        this.options = options;
        this.client = new RegistryClient(reference, options, credentials);
    }

    /** A source with the standard credential choice ({@link CredentialProviders#standard(RegistryOptions)}). */
    public static RegistrySource open(String reference, RegistryOptions options) {
        return new RegistrySource(ImageReference.parse(reference), options, CredentialProviders.standard(options));
    }

    @Override
    public ResolvedImage resolve() throws IOException {
        ScanLimits limits = options.limits();
        Fetched top = fetchManifest(reference.manifestReference(), reference.digest(), "manifest of " + reference);
        ManifestDocument document = ManifestDocument.parse(top.bytes(), top.contentType(), reference.toString());
        Fetched chosen = top;
        if (document instanceof ManifestDocument.Index index) {
            Descriptor entry = index.select(options.platform(), reference.toString());
            if (entry.size() > limits.maxManifestBytes()) {
                throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, "manifest " + entry.digest() + " of "
                        + reference + " declares " + entry.size() + " bytes, over maxManifestBytes ("
                        + limits.maxManifestBytes() + ")");
            }
            chosen = fetchManifest(entry.digest(), Optional.of(entry.digest()), "manifest " + entry.digest()
                    + " (" + options.platform() + ") of " + reference);
            if (chosen.bytes().length != entry.size()) {
                throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, "manifest " + entry.digest()
                        + " has " + chosen.bytes().length + " bytes, its index entry declares " + entry.size());
            }
            document = ManifestDocument.parse(chosen.bytes(), Optional.of(entry.mediaType()), reference.toString());
        }
        if (!(document instanceof ManifestDocument.Image image)) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, reference
                    + ": an index whose platform entry is another index is not supported");
        }
        if (image.layers().size() > limits.maxLayers()) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, reference + " has "
                    + image.layers().size() + " layers, over maxLayers (" + limits.maxLayers() + ")");
        }
        if (image.config().size() > limits.maxConfigBytes()) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, "config " + image.config().digest()
                    + " of " + reference + " declares " + image.config().size() + " bytes, over maxConfigBytes ("
                    + limits.maxConfigBytes() + ")");
        }
        byte[] config;
        try (InputStream in = openBlob(image.config())) {
            config = in.readAllBytes();
        }
        return new ResolvedImage(reference.toString(), chosen.digest(), platformOf(config), image.config(), config,
                image.layers());
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        HttpResponse<InputStream> response = client.get("blobs/" + blob.digest(), "*/*", "blob " + blob.digest()
                + " of " + reference);
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > blob.size()) {
            response.body().close();
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, "blob " + blob.digest() + " is served"
                    + " with " + declared + " bytes, its descriptor declares " + blob.size());
        }
        return new VerifiedBlobStream(response.body(), blob);
    }

    @Override
    public void close() {
        client.close();
    }

    private record Fetched(byte[] bytes, String digest, Optional<String> contentType) {
    }

    /**
     * GETs a manifest and establishes its digest by hashing it (distribution-spec: "the client SHOULD verify the
     * returned manifest matches this digest"): the expected digest when pinned, the registry's
     * {@code Docker-Content-Digest} when given, both otherwise must agree with the bytes.
     */
    private Fetched fetchManifest(String ref, Optional<String> expected, String what) throws IOException {
        HttpResponse<InputStream> response = client.get("manifests/" + ref, ManifestDocument.ACCEPT, what);
        Optional<String> claimed = response.headers().firstValue("Docker-Content-Digest");
        byte[] bytes = RegistryResponses.readBounded(response, options.limits().maxManifestBytes(), what,
                "maxManifestBytes");
        String digest = digestOf(bytes, expected.or(() -> claimed).orElse("sha256:"));
        if (expected.isPresent() && !expected.get().equals(digest)) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, what + " hashes to " + digest
                    + ", not to the requested " + expected.get());
        }
        if (claimed.isPresent() && !claimed.get().equals(digestOf(bytes, claimed.get()))) {
            throw new PharosException(PharosException.Kind.DIGEST_MISMATCH, what + " hashes to "
                    + digestOf(bytes, claimed.get()) + ", not to the Docker-Content-Digest " + claimed.get()
                    + " the registry sent");
        }
        return new Fetched(bytes, digest, response.headers().firstValue("Content-Type"));
    }

    private static String digestOf(byte[] bytes, String algorithmOf) {
        MessageDigest md = VerifiedBlobStream.newDigest(algorithmOf.contains(":") ? algorithmOf : algorithmOf + ":");
        md.update(bytes);
        return VerifiedBlobStream.format(algorithmOf, md);
    }

    /** The image config's os/architecture/variant (image-spec {@code config.md}); the configured platform if absent. */
    private Platform platformOf(byte[] config) {
        JsonNode root;
        try {
            root = ManifestDocument.MAPPER.readTree(config);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "config of " + reference
                    + " is not JSON: " + e.getMessage());
        }
        String os = root == null ? null : root.path("os").textValue();
        String arch = root == null ? null : root.path("architecture").textValue();
        if (os == null || arch == null || os.isBlank() || arch.isBlank()) {
            return options.platform();
        }
        return new Platform(os, arch, Optional.ofNullable(root.path("variant").textValue()));
    }
}
