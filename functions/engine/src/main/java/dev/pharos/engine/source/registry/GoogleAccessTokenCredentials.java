package dev.pharos.engine.source.registry;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Google Artifact Registry ({@code <location>-docker.pkg.dev}) and Container Registry ({@code gcr.io},
 * {@code <region>.gcr.io}): an OAuth 2 access token of Google credentials, presented as Basic
 * {@code oauth2accesstoken:<token>} (Artifact Registry docs, "Configure authentication: access token"). The
 * google-auth library refreshes and caches the token itself.
 */
public final class GoogleAccessTokenCredentials implements CredentialProvider {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final Optional<Path> file;
    private GoogleCredentials loaded;

    /** @param file a service-account or authorized-user JSON; empty: application default credentials */
    public GoogleAccessTokenCredentials(Optional<Path> file) {
        this.file = file;
    }

    public static boolean handles(String registry) {
        String host = registry.replaceFirst(":\\d+$", "");
        return host.endsWith("-docker.pkg.dev") || host.equals("gcr.io") || host.endsWith(".gcr.io");
    }

    @Override
    public synchronized RegistryCredentials credentials(String registry) {
        try {
            if (loaded == null) {
                loaded = load().createScoped(SCOPES);
            }
            loaded.refreshIfExpired();
            AccessToken token = loaded.getAccessToken();
            if (token == null) {
                throw new PharosException(PharosException.Kind.UNAUTHENTICATED,
                        "Google credentials gave no access token for " + registry);
            }
            return new RegistryCredentials.Basic("oauth2accesstoken", token.getTokenValue());
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.UNAUTHENTICATED,
                    "cannot get a Google access token for " + registry + ": " + e.getMessage(), e);
        }
    }

    private GoogleCredentials load() throws IOException {
        if (file.isEmpty()) {
            return GoogleCredentials.getApplicationDefault();
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            return GoogleCredentials.fromStream(in);
        }
    }
}
