package dev.pharos.engine.layer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Tar entry names to image paths: the checks that keep a hostile layer inside the image root. */
final class EntryPaths {
    private EntryPaths() {
    }

    /**
     * The outcome of normalising one name: a path relative to the root, or the reason there is none.
     *
     * @param path normalised, no leading {@code /}, no {@code .}/empty segments; "" for the root itself
     */
    record Normalised(Optional<String> path, Optional<SkippedEntry.Reason> rejected) {
        static Normalised ok(String path) {
            return new Normalised(Optional.of(path), Optional.empty());
        }

        static Normalised reject(SkippedEntry.Reason reason) {
            return new Normalised(Optional.empty(), Optional.of(reason));
        }
    }

    /**
     * Strips leading {@code /} and {@code ./}, collapses {@code //} and {@code /./}, drops a trailing {@code /}.
     * Layer tars name files relative to the root however they spell it (image-spec layer.md, "Changeset over
     * existing files"); any {@code ..} segment is rejected outright rather than resolved, since no honest layer
     * needs one and resolving it is how extraction escapes the root.
     */
    static Normalised normalise(String name) {
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return Normalised.reject(SkippedEntry.Reason.UNUSABLE_NAME);
        }
        StringBuilder path = new StringBuilder();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return Normalised.reject(SkippedEntry.Reason.PATH_TRAVERSAL);
            }
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(segment);
        }
        return Normalised.ok(path.toString());
    }

    /**
     * Whether a link at {@code linkPath} pointing at {@code target} stays inside the root when resolved lexically.
     * An absolute symlink target is relative to the container's root, so it stays inside; a relative one resolves
     * from the link's directory, and climbing above the root escapes. Hard link targets are archive names, relative
     * to the root ({@code relativeToParent} false).
     */
    static boolean staysInside(String linkPath, String target, boolean relativeToParent) {
        Deque<String> segments = new ArrayDeque<>();
        if (relativeToParent && !target.startsWith("/")) {
            String[] parts = linkPath.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                segments.addLast(parts[i]);
            }
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return false;
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return true;
    }
}
