package dev.pharos.api.scan;

import dev.pharos.core.error.PharosException;
import dev.pharos.core.event.ImageRefs;

import java.util.Locale;
import java.util.Optional;

/**
 * An image reference as people type it, normalised the way the distribution reference library's
 * {@code ParseNormalizedNamed} does (github.com/distribution/reference, normalize.go): the first path component is a
 * registry host only if it contains a {@code .} or {@code :}, is {@code localhost}, or has upper-case letters;
 * otherwise the registry is Docker Hub, {@code docker.io}, where one-component names live under {@code library/}
 * ({@code nginx:1.27} is {@code docker.io/library/nginx:1.27}); {@code index.docker.io} is {@code docker.io}. Without
 * a tag or digest the tag is {@code latest}, as {@code docker pull} assumes.
 */
public record ImageName(String registry, String repository, Optional<String> tag, Optional<String> digest) {
    static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String DEFAULT_TAG = "latest";
    /** distribution's NameTotalLengthMax: host and path together. */
    private static final int MAX_NAME_LENGTH = 255;

    public static ImageName parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw invalid(reference, "it is empty");
        }
        ImageRefs.Parts parts = ImageRefs.split(reference);
        String rest = parts.name();
        Optional<String> tag = parts.tag();
        Optional<String> digest = parts.digest();
        if (digest.isPresent() && !ImageRefs.isDigest(digest.get())) {
            throw invalid(reference, "'" + digest.get() + "' is not a digest (algorithm:hex)");
        }
        if (rest.length() > MAX_NAME_LENGTH) {
            throw invalid(reference, "the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String registry = DOCKER_HUB;
        String repository = rest;
        int slash = rest.indexOf('/');
        if (slash > 0 && isHost(rest.substring(0, slash))) {
            registry = rest.substring(0, slash);
            repository = rest.substring(slash + 1);
        }
        if (registry.equals(LEGACY_DOCKER_HUB)) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            throw invalid(reference, "repository names must be lower case");
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of(DEFAULT_TAG);
        }
        try {
            ImageRefs.requireReference(registry, repository, tag.orElse(null), digest.orElse(null));
        } catch (PharosException e) {
            throw invalid(reference, e.getMessage());
        }
        return new ImageName(registry, repository, tag, digest);
    }

    /** {@code registry/repository[:tag][@digest]}. */
    public String canonical() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    private static boolean isHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.equals(component.toLowerCase(Locale.ROOT));
    }

    private static PharosException invalid(String reference, String why) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT,
                "/image: invalid image reference '" + reference + "': " + why);
    }
}
