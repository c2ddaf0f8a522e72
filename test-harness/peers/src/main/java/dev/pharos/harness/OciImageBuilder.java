package dev.pharos.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small OCI image into an OCI image layout directory, in pure Java, so tests need neither Docker nor a
 * network to have a real image to push, scan or serve.
 * <p>
 * Output is deterministic (fixed mtimes, owner 0:0, sorted entries, fixed gzip header), so the same files always give
 * the same digests, and tests can hard-code expectations. Writing into an existing layout adds the image to its
 * {@code index.json} (an older entry with the same tag is replaced), so one layout can hold several images.
 */
public final class OciImageBuilder {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2000-01-01T00:00:00Z: a fixed mtime; 0 (1970) makes some tools print warnings. */
    private static final long MTIME_MILLIS = 946_684_800_000L;

    private final List<Map<String, byte[]>> layers = new ArrayList<>();
    private String tag = "latest";

    private OciImageBuilder() {
    }

    public static OciImageBuilder image() {
        return new OciImageBuilder();
    }

    /** Adds a layer: path inside the image to content; regular files 0644, parent directories 0755 added. */
    public OciImageBuilder layer(Map<String, byte[]> files) {
        layers.add(new TreeMap<>(files));
        return this;
    }

    public OciImageBuilder tag(String tag) {
        this.tag = tag;
        return this;
    }

    /** Writes blobs, manifest and index into {@code layoutDir}; returns the manifest digest {@code sha256:...}. */
    public String writeTo(Path layoutDir) {
        try {
            Files.createDirectories(layoutDir.resolve("blobs").resolve("sha256"));
            Files.writeString(layoutDir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ArrayNode layerDescriptors = JSON.createArrayNode();
            ArrayNode diffIds = JSON.createArrayNode();
            for (Map<String, byte[]> files : layers) {
                byte[] tar = tar(files);
                diffIds.add(sha256(tar));
                layerDescriptors.add(descriptor(LAYER_TYPE, writeBlob(layoutDir, gzip(tar))));
            }
            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", "amd64");
            config.put("os", "linux");
            config.putObject("config");
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            rootfs.set("diff_ids", diffIds);
            byte[] configBytes = JSON.writeValueAsBytes(config);

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST_TYPE);
            manifest.set("config", descriptor(CONFIG_TYPE, writeBlob(layoutDir, configBytes)));
            manifest.set("layers", layerDescriptors);
            Blob manifestBlob = writeBlob(layoutDir, JSON.writeValueAsBytes(manifest));

            writeIndex(layoutDir, descriptor(MANIFEST_TYPE, manifestBlob));
            return manifestBlob.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write OCI layout " + layoutDir, e);
        }
    }

    private void writeIndex(Path layoutDir, ObjectNode manifestDescriptor) throws IOException {
        manifestDescriptor.putObject("annotations").put(REF_NAME, tag);
        Path indexFile = layoutDir.resolve("index.json");
        ArrayNode manifests = JSON.createArrayNode();
        if (Files.exists(indexFile)) {
            for (var existing : JSON.readTree(indexFile.toFile()).path("manifests")) {
                if (!tag.equals(existing.path("annotations").path(REF_NAME).asText(null))) {
                    manifests.add(existing);
                }
            }
        }
        manifests.add(manifestDescriptor);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", manifests);
        Files.write(indexFile, JSON.writeValueAsBytes(index));
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        SortedSet<String> directories = new TreeSet<>();
        for (String path : files.keySet()) {
            String clean = strip(path);
            for (int slash = clean.indexOf('/'); slash > 0; slash = clean.indexOf('/', slash + 1)) {
                directories.add(clean.substring(0, slash) + "/");
            }
        }
        TreeMap<String, byte[]> entries = new TreeMap<>();
        directories.forEach(dir -> entries.put(dir, null));
        files.forEach((path, content) -> entries.put(strip(path), content));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var entry : entries.entrySet()) {
                boolean dir = entry.getValue() == null;
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey(), dir ? TarArchiveEntry.LF_DIR
                        : TarArchiveEntry.LF_NORMAL);
                header.setMode(dir ? 040755 : 0100644);
                header.setModTime(MTIME_MILLIS);
                header.setIds(0, 0);
                header.setNames("", "");
                header.setSize(dir ? 0 : entry.getValue().length);
                tar.putArchiveEntry(header);
                if (!dir) {
                    tar.write(entry.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Layer paths are relative to the image root: "/etc/os-release" and "etc/os-release" are the same file. */
    private static String strip(String path) {
        String clean = path;
        while (clean.startsWith("/") || clean.startsWith("./")) {
            clean = clean.substring(clean.startsWith("/") ? 1 : 2);
        }
        if (clean.isEmpty() || clean.endsWith("/")) {
            throw new IllegalArgumentException("not a file path: " + path);
        }
        return clean;
    }

    /** GZIPOutputStream writes mtime 0 and a fixed OS byte: deterministic output. */
    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(data);
        }
        return bytes.toByteArray();
    }

    private record Blob(String digest, long size) {
    }

    private static Blob writeBlob(Path layoutDir, byte[] content) throws IOException {
        String digest = sha256(content);
        Files.write(layoutDir.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length())), content);
        return new Blob(digest, content.length);
    }

    private static ObjectNode descriptor(String mediaType, Blob blob) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", blob.digest());
        node.put("size", blob.size());
        return node;
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
