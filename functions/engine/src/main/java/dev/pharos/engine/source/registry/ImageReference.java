package dev.pharos.engine.source.registry;

import dev.pharos.core.error.PharosException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference {@code host[:port]/repo[:tag][@digest]}, normalised the way the Docker CLI does
 * (distribution {@code reference} grammar): a first path component is a registry host only if it contains a dot or a
 * colon or is {@code localhost}; otherwise the image is on Docker Hub, whose one-component repositories live under
 * {@code library/}. Without tag or digest the tag is {@code latest}.
 *
 * @param registry   host[:port] as written ({@code docker.io} for Docker Hub)
 * @param repository the repository path, e.g. {@code library/alpine}
 * @param tag        the tag, if any (a digest wins when both are given; the tag is kept for messages)
 * @param digest     {@code algorithm:hex}, if pinned
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
    public static final String DOCKER_HUB = "docker.io";
    /** Where Docker Hub's registry API actually answers. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    // distribution/reference regexp.go: path components, tags, digests.
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)");
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+])"
                    + "(?::[0-9]{1,5})?");

    public ImageReference {
        if (tag.isEmpty() && digest.isEmpty()) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isBlank() || text.length() > 4096) {
            throw malformed(text, "is empty or longer than 4096 characters");
        }
        String rest = text.strip();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            String d = rest.substring(at + 1);
            Matcher m = DIGEST.matcher(d);
            if (!m.matches()) {
                throw malformed(text, "has an invalid digest '" + d + "' (want algorithm:hex)");
            }
            if (m.group(1).equals("sha256") && !m.group(2).matches("[a-f0-9]{64}")) {
                throw malformed(text, "has a sha256 digest that is not 64 lowercase hex digits");
            }
            digest = Optional.of(d);
            rest = rest.substring(0, at);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!HOST.matcher(first).matches()) {
                    throw malformed(text, "has an invalid registry host '" + first + "'");
                }
                registry = first.toLowerCase(Locale.ROOT);
                rest = rest.substring(slash + 1);
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            String t = rest.substring(colon + 1);
            if (!TAG.matcher(t).matches()) {
                throw malformed(text, "has an invalid tag '" + t + "'");
            }
            tag = Optional.of(t);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || rest.length() > 255) {
            throw malformed(text, "has an empty repository or one longer than 255 characters");
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw malformed(text, "has an invalid repository path component '" + component
                        + "' (lowercase letters, digits and single separators . _ __ -)");
            }
        }
        if (registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag.isEmpty() && digest.isEmpty()) {
            tag = Optional.of("latest");
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /** The host[:port] the registry API is reached at (Docker Hub's API host differs from its name). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** What {@code /v2/<name>/manifests/<reference>} takes: the digest when pinned, else the tag. */
    public String manifestReference() {
        return digest.or(() -> tag).orElseThrow();
    }

    @Override
    public String toString() {
        return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
    }

    private static PharosException malformed(String text, String why) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, "image reference '" + text + "' " + why);
    }
}
