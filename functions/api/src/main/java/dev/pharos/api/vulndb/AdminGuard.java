package dev.pharos.api.vulndb;

import dev.pharos.api.ApiConfig;
import dev.pharos.core.error.PharosException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token of the admin endpoints ({@code pharos.api.admin-token}). Without one configured they answer 404,
 * as if absent: an unguarded import endpoint is never reachable by accident. Comparison is constant-time; failures
 * never echo what was presented.
 */
@ApplicationScoped
public class AdminGuard {
    private static final String BEARER = "Bearer ";
    private final Optional<byte[]> token;

    @Inject
    public AdminGuard(ApiConfig config) {
        this(config.adminToken());
    }

    AdminGuard(Optional<String> token) {
        this.token = token.filter(value -> !value.isBlank()).map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    public void require(String authorization, String endpoint) {
        byte[] expected = token.orElseThrow(() -> new PharosException(PharosException.Kind.NOT_FOUND,
                endpoint + " is disabled: no pharos.api.admin-token is configured"));
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED,
                    endpoint + " needs 'Authorization: Bearer <admin token>'");
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED, "the bearer token is not the admin token");
        }
    }
}
