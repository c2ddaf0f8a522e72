package dev.pharos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small OCI image into an OCI image layout directory, in pure Java, so tests need neither Docker nor a
 * network to have a real image to push, scan or serve.
 * <p>
 * Output is deterministic (fixed mtimes, owner 0:0, sorted entries, fixed gzip header), so the same files always give
 * the same digests, and tests can hard-code expectations. Writing into an existing layout adds the image to its
 * {@code index.json} (an older entry with the same tag is replaced), so one layout can hold several images.
 * <p>
 * For hostile-input tests, {@link #rawLayer} writes tar entries exactly as given (traversal names, links, whiteouts,
 * devices, huge zero-filled files), and {@link #compression} picks the layer codec. Layers are streamed to disk, so
 * a multi-gigabyte layer of zeros costs no heap. {@link #writeDockerArchive} writes a {@code docker save} tar.
 */
public final class OciImageBuilder {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2000-01-01T00:00:00Z: a fixed mtime; 0 (1970) makes some tools print warnings. */
    private static final long MTIME_MILLIS = 946_684_800_000L;

    public static final String UNCOMPRESSED_LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private final List<List<RawEntry>> layers = new ArrayList<>();
    private String tag = "latest";
    private Compression compression = Compression.GZIP;

    /** Wraps the layer's blob output in a compressor (or not) and names the matching media type. */
    public record Compression(String mediaType, Codec codec) {
        public static final Compression GZIP = new Compression(LAYER_TYPE, GZIPOutputStream::new);
        public static final Compression NONE = new Compression(UNCOMPRESSED_LAYER_TYPE, out -> out);

        @FunctionalInterface
        public interface Codec {
            OutputStream wrap(OutputStream blob) throws IOException;
        }
    }

    /**
     * One tar entry, written as is.
     *
     * @param type       a {@link TarArchiveEntry} link flag ({@code LF_NORMAL}, {@code LF_SYMLINK}, ...)
     * @param content    the file's bytes, or null for {@code zeroBytes} zeros written in chunks (huge files)
     * @param linkTarget for links, else ""
     */
    public record RawEntry(String name, byte type, int mode, byte[] content, long zeroBytes, String linkTarget) {
        public static RawEntry file(String name, byte[] content) {
            return new RawEntry(name, TarArchiveEntry.LF_NORMAL, 0644, content, 0, "");
        }

        public static RawEntry file(String name, String content) {
            return file(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public static RawEntry zeros(String name, long size) {
            return new RawEntry(name, TarArchiveEntry.LF_NORMAL, 0644, null, size, "");
        }

        public static RawEntry directory(String name) {
            return new RawEntry(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR, 0755, new byte[0],
                    0, "");
        }

        public static RawEntry symlink(String name, String target) {
            return new RawEntry(name, TarArchiveEntry.LF_SYMLINK, 0777, new byte[0], 0, target);
        }

        public static RawEntry hardlink(String name, String target) {
            return new RawEntry(name, TarArchiveEntry.LF_LINK, 0644, new byte[0], 0, target);
        }

        /**
         * A PAX 1.0 sparse file (GNU tar's {@code --sparse} format, {@code GNU.sparse.*} keys): {@code realSize}
         * bytes, all a hole except a final {@code 'x'}, costing about 1.5 KiB in the archive.
         */
        public static RawEntry sparse(String name, long realSize) {
            return new RawEntry(name, TarArchiveEntry.LF_GNUTYPE_SPARSE, 0644, null, realSize, "");
        }

        /**
         * A one-byte file preceded by a PAX extended header whose {@code comment} record (POSIX pax: readers ignore
         * it) is {@code commentBytes} long: metadata a tar reader holds in memory.
         */
        public static RawEntry withHugePaxHeader(String name, long commentBytes) {
            return new RawEntry(name, TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC, 0644, null, commentBytes, "");
        }

        public static RawEntry charDevice(String name) {
            return new RawEntry(name, TarArchiveEntry.LF_CHR, 0666, new byte[0], 0, "");
        }

        /** image-spec layer.md whiteout: deletes {@code dir/name} of lower layers. */
        public static RawEntry whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0]);
        }

        /** image-spec layer.md opaque whiteout: hides lower layers' content of {@code dir}. */
        public static RawEntry opaque(String dir) {
            return file((dir.isEmpty() ? "" : dir + "/") + ".wh..wh..opq", new byte[0]);
        }

        long size() {
            return content == null ? zeroBytes : content.length;
        }
    }

    private OciImageBuilder() {
    }

    public static OciImageBuilder image() {
        return new OciImageBuilder();
    }

    /** Adds a layer: path inside the image to content; regular files 0644, parent directories 0755 added. */
    public OciImageBuilder layer(Map<String, byte[]> files) {
        layers.add(entries(files));
        return this;
    }

    /** Adds a layer of exactly these entries, in this order, names unnormalised (hostile-input tests). */
    public OciImageBuilder rawLayer(List<RawEntry> entries) {
        layers.add(List.copyOf(entries));
        return this;
    }

    /** How layers are compressed; gzip by default. */
    public OciImageBuilder compression(Compression compression) {
        this.compression = compression;
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
            for (List<RawEntry> entries : layers) {
                LayerBlob layer = writeLayer(layoutDir, entries);
                diffIds.add(layer.diffId());
                layerDescriptors.add(descriptor(compression.mediaType(), layer.blob()));
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

    /**
     * Writes the image as a {@code docker save} archive (layers uncompressed, as docker writes them).
     * {@code ociInside} false gives the classic format: {@code manifest.json} [{Config, RepoTags, Layers}] naming
     * {@code <id>.json} and {@code <id>/layer.tar} (id = hex of the layer's diff id); true gives the format of
     * Docker 25 and later: an OCI layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}) whose
     * blobs {@code manifest.json} also names.
     *
     * @param repoTag e.g. {@code pharos/app:1.0}
     * @return the digest of the image's OCI manifest (inside the archive only if {@code ociInside})
     */
    public String writeDockerArchive(Path archive, String repoTag, boolean ociInside) {
        Compression chosen = compression;
        compression = Compression.NONE;
        try {
            Path layout = Files.createTempDirectory(archive.toAbsolutePath().getParent(), "docker-save-");
            try {
                String manifestDigest = writeTo(layout);
                JsonNode manifest = JSON.readTree(blobPath(layout, manifestDigest).toFile());
                writeArchive(archive, layout, manifest, repoTag, ociInside);
                return manifestDigest;
            } finally {
                try (Stream<Path> files = Files.walk(layout)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write docker archive " + archive, e);
        } finally {
            compression = chosen;
        }
    }

    private static void writeArchive(Path archive, Path layout, JsonNode manifest, String repoTag, boolean ociInside)
            throws IOException {
        String configDigest = manifest.path("config").path("digest").asText();
        String configHex = configDigest.substring("sha256:".length());
        ArrayNode layerPaths = JSON.createArrayNode();
        Map<String, Path> members = new TreeMap<>();
        for (JsonNode layer : manifest.path("layers")) {
            String hex = layer.path("digest").asText().substring("sha256:".length());
            String name = ociInside ? "blobs/sha256/" + hex : hex + "/layer.tar";
            layerPaths.add(name);
            members.put(name, blobPath(layout, layer.path("digest").asText()));
        }
        String configName = ociInside ? "blobs/sha256/" + configHex : configHex + ".json";
        members.put(configName, blobPath(layout, configDigest));
        if (ociInside) {
            try (Stream<Path> blobs = Files.list(layout.resolve("blobs").resolve("sha256"))) {
                blobs.forEach(blob -> members.put("blobs/sha256/" + blob.getFileName(), blob));
            }
            members.put("oci-layout", layout.resolve("oci-layout"));
            members.put("index.json", layout.resolve("index.json"));
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", configName);
        entry.putArray("RepoTags").add(repoTag);
        entry.set("Layers", layerPaths);
        byte[] dockerManifest = JSON.writeValueAsBytes(JSON.createArrayNode().add(entry));

        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var member : members.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(member.getKey());
                header.setModTime(MTIME_MILLIS);
                header.setSize(Files.size(member.getValue()));
                tar.putArchiveEntry(header);
                Files.copy(member.getValue(), tar);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry header = new TarArchiveEntry("manifest.json");
            header.setModTime(MTIME_MILLIS);
            header.setSize(dockerManifest.length);
            tar.putArchiveEntry(header);
            tar.write(dockerManifest);
            tar.closeArchiveEntry();
        }
    }

    private static Path blobPath(Path layout, String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
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

    private static List<RawEntry> entries(Map<String, byte[]> files) {
        SortedSet<String> directories = new TreeSet<>();
        for (String path : files.keySet()) {
            String clean = strip(path);
            for (int slash = clean.indexOf('/'); slash > 0; slash = clean.indexOf('/', slash + 1)) {
                directories.add(clean.substring(0, slash) + "/");
            }
        }
        TreeMap<String, RawEntry> entries = new TreeMap<>();
        directories.forEach(dir -> entries.put(dir, RawEntry.directory(dir)));
        files.forEach((path, content) -> entries.put(strip(path), RawEntry.file(strip(path), content)));
        return List.copyOf(entries.values());
    }

    private record LayerBlob(Blob blob, String diffId) {
    }

    /** Streams tar -> diff-id digest -> codec -> blob digest -> temporary file, then names the file by digest. */
    private LayerBlob writeLayer(Path layoutDir, List<RawEntry> entries) throws IOException {
        Path blobs = layoutDir.resolve("blobs").resolve("sha256");
        Path partial = Files.createTempFile(blobs, "layer-", ".partial");
        MessageDigest blobDigest = newSha256();
        MessageDigest diffDigest = newSha256();
        CountingOutputStream counted;
        try (OutputStream file = Files.newOutputStream(partial)) {
            counted = new CountingOutputStream(new DigestOutputStream(file, blobDigest));
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                    new DigestOutputStream(compression.codec().wrap(counted), diffDigest))) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (RawEntry entry : entries) {
                    writeEntry(tar, entry);
                }
            }
        }
        String digest = "sha256:" + HexFormat.of().formatHex(blobDigest.digest());
        Files.move(partial, blobs.resolve(digest.substring("sha256:".length())), StandardCopyOption.REPLACE_EXISTING);
        return new LayerBlob(new Blob(digest, counted.count), "sha256:" + HexFormat.of().formatHex(diffDigest.digest()));
    }

    private static void writeEntry(TarArchiveOutputStream tar, RawEntry entry) throws IOException {
        if (entry.type() == TarArchiveEntry.LF_GNUTYPE_SPARSE) {
            writeSparse(tar, entry);
            return;
        }
        if (entry.type() == TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC) {
            writePaxHeader(tar, entry.name(), List.of("comment=" + "a".repeat((int) entry.zeroBytes())));
            writeEntry(tar, RawEntry.file(entry.name(), "x"));
            return;
        }
        boolean link = entry.type() == TarArchiveEntry.LF_SYMLINK || entry.type() == TarArchiveEntry.LF_LINK;
        // preserveAbsolutePath: hostile tests need names like "/etc/x" and "../x" exactly as given.
        TarArchiveEntry header = new TarArchiveEntry(entry.name(), entry.type(), true);
        if (link) {
            header.setLinkName(entry.linkTarget());
        }
        int typeBits = switch (entry.type()) {
            case TarArchiveEntry.LF_DIR -> 040000;
            case TarArchiveEntry.LF_SYMLINK -> 0120000;
            case TarArchiveEntry.LF_CHR -> 020000;
            default -> 0100000;
        };
        header.setMode(typeBits | entry.mode());
        header.setModTime(MTIME_MILLIS);
        header.setIds(0, 0);
        header.setNames("", "");
        boolean hasData = entry.type() == TarArchiveEntry.LF_NORMAL;
        header.setSize(hasData ? entry.size() : 0);
        tar.putArchiveEntry(header);
        if (hasData && entry.content() != null) {
            tar.write(entry.content());
        } else if (hasData) {
            byte[] zeros = new byte[64 * 1024];
            for (long left = entry.zeroBytes(); left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        tar.closeArchiveEntry();
    }

    /**
     * A PAX extended header with {@code GNU.sparse.major=1, minor=0, name, realsize}, then a member under a
     * stand-in name whose data starts with the sparse map (a decimal text block: region count, then offset and
     * length per region, padded to 512 bytes) followed by the regions' bytes.
     */
    private static void writeSparse(TarArchiveOutputStream tar, RawEntry entry) throws IOException {
        writePaxHeader(tar, entry.name(), List.of("GNU.sparse.major=1", "GNU.sparse.minor=0",
                "GNU.sparse.name=" + entry.name(), "GNU.sparse.realsize=" + entry.zeroBytes()));

        byte[] map = new byte[512];
        byte[] text = ("1\n" + (entry.zeroBytes() - 1) + "\n1\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, map, 0, text.length);
        TarArchiveEntry member = new TarArchiveEntry("GNUSparseFile.0/" + entry.name(), TarArchiveEntry.LF_NORMAL,
                true);
        member.setMode(0100000 | entry.mode());
        member.setModTime(MTIME_MILLIS);
        member.setSize(map.length + 1);
        tar.putArchiveEntry(member);
        tar.write(map);
        tar.write('x');
        tar.closeArchiveEntry();
    }

    /** A PAX extended header ('x') for the entry that follows, written by hand: the records are exactly these. */
    private static void writePaxHeader(TarArchiveOutputStream tar, String name, List<String> records)
            throws IOException {
        StringBuilder pax = new StringBuilder();
        records.forEach(record -> pax.append(paxRecord(record)));
        byte[] paxBytes = pax.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/" + name.substring(0, Math.min(name.length(), 80)),
                TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC, true);
        header.setSize(paxBytes.length);
        header.setModTime(MTIME_MILLIS);
        tar.putArchiveEntry(header);
        tar.write(paxBytes);
        tar.closeArchiveEntry();
    }

    /** A PAX record is "<length> <key>=<value>\n" where the length counts its own digits. */
    private static String paxRecord(String keyValue) {
        String body = " " + keyValue + "\n";
        int length = body.length() + String.valueOf(body.length()).length();
        if (String.valueOf(length).length() > String.valueOf(body.length()).length()) {
            length++;
        }
        return length + body;
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
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
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(content));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
