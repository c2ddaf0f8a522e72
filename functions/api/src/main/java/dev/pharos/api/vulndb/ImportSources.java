package dev.pharos.api.vulndb;

import dev.pharos.api.ApiConfig;
import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a caller-chosen path or URL may be imported from. Paths must stay below the configured import root
 * (no {@code ..}, no absolute paths elsewhere, no symbolic link leading out); URLs must be http(s), carry no
 * credentials and start with a configured prefix. Both are off until configured.
 */
final class ImportSources {
    private final ApiConfig.Vulndb config;

    ImportSources(ApiConfig.Vulndb config) {
        this.config = config;
    }

    /** An existing directory or file below the import root. */
    Path path(String requested) {
        Path root = config.importRoot().orElseThrow(() -> forbidden(
                "path imports are disabled: no pharos.api.vulndb.import-root is configured"))
                .toAbsolutePath().normalize();
        Path candidate;
        try {
            Path relative = Path.of(requested);
            for (Path part : relative) {
                if (part.toString().equals("..")) {
                    throw forbidden("/path '" + requested + "' must not contain '..'");
                }
            }
            candidate = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "/path is not a path: " + e.getMessage());
        }
        if (!candidate.startsWith(root)) {
            throw forbidden("/path '" + requested + "' is outside the import root");
        }
        if (!Files.exists(candidate)) {
            throw new PharosException(PharosException.Kind.NOT_FOUND, "/path '" + requested
                    + "' does not exist below the import root");
        }
        try {
            if (!candidate.toRealPath().startsWith(root.toRealPath())) {
                throw forbidden("/path '" + requested + "' leads outside the import root through a link");
            }
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "cannot resolve /path '" + requested + "': "
                    + e.getMessage(), e);
        }
        return candidate;
    }

    /** An http(s) URL under an allowed prefix. */
    URI url(String requested) {
        List<String> prefixes = config.allowedUrlPrefixes().orElseThrow(() -> forbidden(
                "URL imports are disabled: no pharos.api.vulndb.allowed-url-prefixes is configured"));
        URI uri;
        try {
            uri = new URI(requested).normalize();
        } catch (URISyntaxException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "/url is not a URL: " + e.getMessage());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw forbidden("/url must be http or https, not '" + uri.getScheme() + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw forbidden("/url must not carry credentials");
        }
        if (uri.getRawPath() != null && uri.getRawPath().contains("/..")) {
            throw forbidden("/url must not contain '..'");
        }
        if (prefixes.stream().noneMatch(prefix -> uri.toString().startsWith(prefix))) {
            throw forbidden("/url is not under an allowed prefix " + prefixes);
        }
        return uri;
    }

    private static PharosException forbidden(String why) {
        return new PharosException(PharosException.Kind.FORBIDDEN_TARGET, why);
    }
}
