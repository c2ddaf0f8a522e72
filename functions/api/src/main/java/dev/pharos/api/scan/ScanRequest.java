package dev.pharos.api.scan;

import dev.pharos.api.http.JsonBody;
import dev.pharos.core.error.PharosException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** The body of {@code POST /api/v1/scans}: {@code {"image": "...", "force": false}}. */
public record ScanRequest(ImageName image, boolean force) {
    private static final Set<String> FIELDS = Set.of("image", "force");

    public static ScanRequest parse(byte[] body) {
        JsonBody json = JsonBody.parse(body, FIELDS);
        String image = json.text("image").orElseThrow(() -> new PharosException(
                PharosException.Kind.MALFORMED_INPUT, "/image is required, e.g. \"nginx:1.27\""));
        return new ScanRequest(ImageName.parse(image), json.flag("force", false));
    }

    /** Identifies the request behind an Idempotency-Key: the same image (as normalised) and force flag. */
    public String fingerprint() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((image.canonical() + "\n" + force).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "SHA-256 unavailable", e);
        }
    }
}
