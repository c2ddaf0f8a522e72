package dev.pharos.intake.format;

import dev.pharos.core.event.ImageRefs;

import java.util.Optional;

/**
 * A full image reference split into its parts, as senders such as GCR/Artifact Registry write them
 * ({@code host/path/name:tag}, {@code host/path/name@sha256:...}, or both). The grammar is distribution's
 * reference grammar: the first path component is a host when it contains a dot or a colon or is
 * {@code localhost}.
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {

    public static ImageReference parse(String reference, String pointer) {
        ImageRefs.Parts parts = ImageRefs.split(reference);
        String rest = parts.name();
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw Json.malformed("image reference at " + pointer + " has no registry host: '" + reference + "'");
        }
        String registry = rest.substring(0, slash);
        if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            throw Json.malformed("image reference at " + pointer + " has no registry host: '" + reference + "'");
        }
        String path = rest.substring(slash + 1);
        if (path.isEmpty() || (parts.tag().isEmpty() && parts.digest().isEmpty())) {
            throw Json.malformed("image reference at " + pointer + " names no tag or digest: '" + reference + "'");
        }
        return new ImageReference(registry, path, parts.tag(), parts.digest());
    }
}
