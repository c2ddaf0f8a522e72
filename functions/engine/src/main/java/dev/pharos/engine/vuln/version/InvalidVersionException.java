package dev.pharos.engine.vuln.version;

/**
 * A version that a scheme cannot parse. The matcher cannot decide whether such a version is affected, so it records
 * the package as unknown rather than guessing.
 */
public final class InvalidVersionException extends RuntimeException {
    private final String scheme;
    private final String version;

    public InvalidVersionException(String scheme, String version, String reason) {
        super("invalid " + scheme + " version \"" + version + "\": " + reason);
        this.scheme = scheme;
        this.version = version;
    }

    public String scheme() {
        return scheme;
    }

    public String version() {
        return version;
    }
}
