package dev.pharos.engine.source.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a Docker CLI {@code config.json}: the {@code auths} map, keyed by registry (Docker writes
 * {@code https://index.docker.io/v1/} for Docker Hub; keys may carry a scheme and a path, which are ignored when
 * matching), each entry with {@code auth} = base64 of {@code user:password}, or {@code username} and
 * {@code password}. Credential helpers ({@code credsStore}, {@code credHelpers}) run external programs and are not
 * supported: a host they would serve gets no credentials from here.
 */
public final class DockerConfigCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private final Path file;

    public DockerConfigCredentials(Path file) {
        this.file = file;
    }

    /** The entry for {@code registry} (host[:port] as in the reference; {@code docker.io} for Docker Hub). */
    public Optional<RegistryCredentials.Basic> find(String registry) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (Files.size(file) > MAX_CONFIG_BYTES) {
            throw invalid("is larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw invalid("is not JSON: " + e.getMessage());
        }
        String wanted = normalise(registry);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (normalise(entry.getKey()).equals(wanted)) {
                return decode(entry.getKey(), entry.getValue());
            }
        }
        return Optional.empty();
    }

    private Optional<RegistryCredentials.Basic> decode(String key, JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("has an auth for " + key + " that is not base64");
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw invalid("has an auth for " + key + " that is not user:password");
            }
            return Optional.of(new RegistryCredentials.Basic(pair.substring(0, colon), pair.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        return user.isEmpty() ? Optional.empty()
                : Optional.of(new RegistryCredentials.Basic(user, entry.path("password").asText("")));
    }

    /** Docker's own matching: drop the scheme and path; all Docker Hub aliases are one registry. */
    static String normalise(String key) {
        String k = key.toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
        int slash = k.indexOf('/');
        k = slash >= 0 ? k.substring(0, slash) : k;
        return switch (k) {
            case "index.docker.io", "registry-1.docker.io", "docker.io" -> ImageReference.DOCKER_HUB;
            default -> k;
        };
    }

    private PharosException invalid(String why) {
        // Never echo the file's content: it holds secrets.
        return new PharosException(PharosException.Kind.INVALID_CONFIG, "Docker config " + file + " " + why);
    }
}
