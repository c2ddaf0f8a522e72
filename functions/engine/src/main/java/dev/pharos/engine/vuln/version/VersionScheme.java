package dev.pharos.engine.vuln.version;

/**
 * One ecosystem's version ordering. Implementations are stateless and thread-safe.
 */
public interface VersionScheme {
    /** A short name for messages and logs: {@code dpkg}, {@code apk}, {@code rpm}, {@code maven}, ... */
    String name();

    /**
     * Compares two versions in this scheme: negative, zero or positive as {@code a} sorts before, equal to or after
     * {@code b}. Equal means equivalent under the scheme's rules ({@code 1.0} and {@code 1.0.0} in PEP 440), not
     * textually equal.
     *
     * @throws InvalidVersionException when either version is not valid in this scheme
     */
    int compare(String a, String b);
}
