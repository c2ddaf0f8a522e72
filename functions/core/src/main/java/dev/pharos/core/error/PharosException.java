package dev.pharos.core.error;

/**
 * The one exception type of Pharos. The {@link Kind} decides how a caller reacts, in particular which HTTP status a
 * function answers: Knative retries 5xx and 429 and never retries 4xx (the data-plane contract), so a kind is
 * permanent or transient by what it maps to.
 */
public final class PharosException extends RuntimeException {

    public enum Kind {
        /** The input can never succeed as sent: bad JSON, missing fields, invalid references. */
        MALFORMED_INPUT(400, "malformed-input", false),
        /** Credentials missing or wrong. */
        UNAUTHENTICATED(401, "unauthenticated", false),
        /** The addressed thing does not exist (e.g. an unconfigured webhook endpoint). */
        NOT_FOUND(404, "not-found", false),
        /** The input exceeds a configured limit. */
        PAYLOAD_TOO_LARGE(413, "payload-too-large", false),
        /** Well-formed input of a kind we do not handle. */
        UNSUPPORTED(415, "unsupported", false),
        /**
         * An image or SBOM exceeds a configured bound (manifest size, layer count, uncompressed bytes, file count,
         * file size, archive depth, wall time): scanning it again would exceed it again.
         */
        LIMIT_EXCEEDED(422, "limit-exceeded", false),
        /** Content does not match the digest it was addressed by. */
        DIGEST_MISMATCH(422, "digest-mismatch", false),
        /** A registry host that policy forbids: not allow-listed, or link-local / cloud metadata addresses. */
        FORBIDDEN_TARGET(422, "forbidden-target", false),
        /** A peer (database, broker, registry) is unavailable or refused: retrying later may succeed. */
        UNAVAILABLE(503, "unavailable", true),
        /** Our configuration is wrong; fails start-up rather than requests where possible. */
        INVALID_CONFIG(500, "invalid-config", false),
        /** A bug. */
        INTERNAL(500, "internal", true);

        private final int httpStatus;
        private final String slug;
        private final boolean retryable;

        Kind(int httpStatus, String slug, boolean retryable) {
            this.httpStatus = httpStatus;
            this.slug = slug;
            this.retryable = retryable;
        }

        public int httpStatus() {
            return httpStatus;
        }

        /** Stable short name, used as the last segment of problem+json {@code type} URIs. */
        public String slug() {
            return slug;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public PharosException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PharosException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
