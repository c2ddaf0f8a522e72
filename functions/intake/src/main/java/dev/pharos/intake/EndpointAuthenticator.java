package dev.pharos.intake;

import dev.pharos.core.error.PharosException;
import dev.pharos.intake.format.WebhookRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks a delivery's credentials against its endpoint's. Comparisons are constant-time; failures say which
 * credential was missing or wrong, never its value.
 */
final class EndpointAuthenticator {
    static final String SIGNATURE_HEADER = "x-hub-signature-256";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private EndpointAuthenticator() {
    }

    static void authenticate(IntakeConfig.Endpoint endpoint, WebhookRequest request, Optional<String> queryToken) {
        if (endpoint.bearerToken().isPresent()) {
            requireToken(endpoint.bearerToken().get(), request, queryToken);
        }
        if (endpoint.hmacSecret().isPresent()) {
            requireSignature(endpoint.hmacSecret().get(), request);
        }
    }

    private static void requireToken(String expected, WebhookRequest request, Optional<String> queryToken) {
        Optional<String> presented = request.header("authorization")
                .map(value -> value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value)
                .or(() -> queryToken);
        if (presented.isEmpty()) {
            throw unauthenticated("missing bearer token (Authorization header or token query parameter)");
        }
        if (!constantTimeEquals(expected.getBytes(StandardCharsets.UTF_8),
                presented.get().getBytes(StandardCharsets.UTF_8))) {
            throw unauthenticated("bearer token does not match this endpoint's");
        }
    }

    private static void requireSignature(String secret, WebhookRequest request) {
        String header = request.header(SIGNATURE_HEADER)
                .orElseThrow(() -> unauthenticated("missing X-Hub-Signature-256 header"));
        if (!header.startsWith(SIGNATURE_PREFIX)) {
            throw unauthenticated("X-Hub-Signature-256 must be 'sha256=<hex>'");
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(SIGNATURE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw unauthenticated("X-Hub-Signature-256 is not hexadecimal");
        }
        if (!constantTimeEquals(hmacSha256(secret, request.body()), presented)) {
            throw unauthenticated("X-Hub-Signature-256 does not match the body");
        }
    }

    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new PharosException(PharosException.Kind.INTERNAL, "HmacSHA256 unavailable", e);
        }
    }

    private static boolean constantTimeEquals(byte[] expected, byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }

    private static PharosException unauthenticated(String why) {
        return new PharosException(PharosException.Kind.UNAUTHENTICATED, why);
    }
}
