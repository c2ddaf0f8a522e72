package dev.pharos.core.event;

import dev.pharos.core.error.PharosException;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validation of image reference parts, following the distribution reference grammar
 * (github.com/distribution/reference: path components, tag and digest patterns).
 */
public final class ImageRefs {
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:]+](?::[0-9]{1,5})?");

    private ImageRefs() {
    }

    public static void requireReference(String registry, String repository, String tag, String digest) {
        require(registry != null && HOST.matcher(registry).matches(), "registry host", registry);
        require(repository != null && REPOSITORY.matcher(repository).matches(), "repository", repository);
        require(tag != null || digest != null, "tag or digest", "neither");
        require(tag == null || TAG.matcher(tag).matches(), "tag", tag);
        require(digest == null || DIGEST.matcher(digest).matches(), "digest", digest);
    }

    /**
     * A reference {@code name[:tag][@digest]} split into its parts, nothing validated: the digest follows the first
     * {@code @}, the tag the last {@code :} after the last {@code /} (a {@code :} before it is a registry port).
     */
    public record Parts(String name, Optional<String> tag, Optional<String> digest) {
    }

    public static Parts split(String reference) {
        String rest = reference.strip();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new Parts(rest, tag, digest);
    }

    public static boolean isDigest(String value) {
        return value != null && DIGEST.matcher(value).matches();
    }

    private static void require(boolean ok, String what, String value) {
        if (!ok) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT, "invalid " + what + ": '" + value + "'");
        }
    }
}
