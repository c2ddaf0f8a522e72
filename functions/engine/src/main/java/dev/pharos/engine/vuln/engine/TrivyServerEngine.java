package dev.pharos.engine.vuln.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.core.error.PharosException;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.vuln.Finding;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Matching by a Trivy server ({@code trivy server}) through its Twirp JSON API, with our own inventory: no Trivy
 * binary runs beside the function and nothing is analysed twice. This is the flow of Trivy's own client mode
 * ({@code rpc/cache/service.proto}, {@code rpc/scanner/service.proto}) with our inventory as the only layer:
 * <ol>
 *   <li>{@code trivy.cache.v1.Cache/PutBlob}: the inventory as a {@code BlobInfo} ({@link TrivyBlob});</li>
 *   <li>{@code trivy.scanner.v1.Scanner/Scan} of that one blob, for vulnerabilities in OS and library packages;</li>
 *   <li>{@code trivy.cache.v1.Cache/DeleteBlobs}, whatever happened, best effort: the blob is ours alone.</li>
 * </ol>
 */
public final class TrivyServerEngine implements ScanEngine {
    public static final String NAME = "trivy-server";
    private static final System.Logger LOG = System.getLogger(TrivyServerEngine.class.getName());
    private static final List<String> PKG_TYPES = List.of("os", "library");
    private static final List<String> SCANNERS = List.of("vuln");
    /** fanal {@code types.Relationship} names: all of them, so the server filters none of our packages out. */
    private static final List<String> RELATIONSHIPS = List.of("unknown", "root", "workspace", "direct", "indirect");

    /**
     * @param server           the Trivy server's base URL, e.g. {@code http://trivy:4954}
     * @param token            the server's {@code --token}, sent as {@code Trivy-Token}
     * @param timeout          for each call, connecting to the last byte of the answer
     * @param maxRequestBytes  bound on a request body (the inventory as JSON)
     * @param maxResponseBytes bound on an answer
     */
    public record Config(URI server, Optional<String> token, Duration timeout, long maxRequestBytes,
                         long maxResponseBytes) {
        public Config {
            if (server == null || !("http".equals(server.getScheme()) || "https".equals(server.getScheme()))
                    || server.getHost() == null) {
                throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                        NAME + ": server must be an http(s) URL, not " + server);
            }
            if (timeout.isNegative() || timeout.isZero() || maxRequestBytes <= 0 || maxResponseBytes <= 0) {
                throw new PharosException(PharosException.Kind.INVALID_CONFIG,
                        NAME + ": timeout and size limits must be positive");
            }
            token = token.filter(value -> !value.isBlank());
        }

        /** Without the token: configurations get logged. */
        @Override
        public String toString() {
            return "Config[server=" + server + ", token=" + (token.isPresent() ? "***" : "none") + ", timeout="
                    + timeout + ", maxRequestBytes=" + maxRequestBytes + ", maxResponseBytes=" + maxResponseBytes + "]";
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final TwirpClient twirp;

    public TrivyServerEngine(Config config) {
        this.twirp = new TwirpClient(NAME, config, json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> scan(Inventory inventory) {
        ObjectNode blobInfo = TrivyBlob.of(inventory, json, NAME);
        String blobId = blobId(blobInfo);
        blobInfo.put("diff_id", blobId);
        List<Finding> findings;
        try {
            ObjectNode putBlob = json.createObjectNode().put("diff_id", blobId);
            putBlob.set("blob_info", blobInfo);
            twirp.call("trivy.cache.v1.Cache/PutBlob", putBlob);
            JsonNode answer = twirp.call("trivy.scanner.v1.Scanner/Scan", scanRequest(inventory.subject(), blobId));
            findings = TrivyResults.findings(answer, new PackageLookup(inventory), NAME);
        } catch (RuntimeException e) {
            // PutBlob may have stored the blob before failing (a timeout after the server read it).
            deleteBlob(blobId).ifPresent(e::addSuppressed);
            throw e;
        }
        deleteBlob(blobId).ifPresent(failure -> LOG.log(System.Logger.Level.WARNING,
                "could not delete Trivy cache blob " + blobId + ": " + failure.getMessage()));
        return findings;
    }

    /**
     * Both field generations are sent: Trivy renamed {@code vuln_type} to {@code pkg_types} and
     * {@code security_checks} to {@code scanners} on the same field numbers, and Twirp's JSON decoding ignores the
     * names a server does not know.
     */
    private ObjectNode scanRequest(String target, String blobId) {
        ObjectNode request = json.createObjectNode();
        request.put("target", target).put("artifact_id", blobId);
        request.putArray("blob_ids").add(blobId);
        ObjectNode options = request.putObject("options");
        PKG_TYPES.forEach(options.putArray("vuln_type")::add);
        PKG_TYPES.forEach(options.putArray("pkg_types")::add);
        SCANNERS.forEach(options.putArray("security_checks")::add);
        SCANNERS.forEach(options.putArray("scanners")::add);
        RELATIONSHIPS.forEach(options.putArray("pkg_relationships")::add);
        return request;
    }

    private Optional<PharosException> deleteBlob(String blobId) {
        ObjectNode request = json.createObjectNode();
        request.putArray("blob_ids").add(blobId);
        try {
            twirp.call("trivy.cache.v1.Cache/DeleteBlobs", request);
            return Optional.empty();
        } catch (PharosException e) {
            return Optional.of(e);
        }
    }

    /**
     * {@code sha256:} of the blob and a random nonce. The nonce keeps blobs of concurrent scans of one inventory
     * apart: with a pure content address, one scan's DeleteBlobs would remove the blob another is scanning.
     */
    private String blobId(ObjectNode blobInfo) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(json.writeValueAsBytes(blobInfo));
            UUID nonce = UUID.randomUUID();
            sha256.update(ByteBuffer.allocate(16).putLong(nonce.getMostSignificantBits())
                    .putLong(nonce.getLeastSignificantBits()).array());
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-256 of a JSON tree failed", e);
        }
    }
}
