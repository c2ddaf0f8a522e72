package dev.pharos.scanner.sbom;

/**
 * Where CycloneDX SBOMs are kept, addressed by image digest: the same digest always has the same SBOM location,
 * so storing again (a forced rescan, a redelivery) overwrites rather than accumulates.
 */
public interface SbomStore {
    /** Stores the document and returns its reference: {@code s3://bucket/key} or a {@code file:} URI. */
    String put(String digest, byte[] cycloneDxJson);

    /** The object name for a digest: {@code sha256/<hex>.cdx.json}; the algorithm is a directory, never a colon. */
    static String keyOf(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        if (!algorithm.matches("[a-z0-9]+") || !hex.matches("[a-fA-F0-9]+")) {
            throw new IllegalArgumentException("not a digest: " + digest);
        }
        return algorithm + "/" + hex + ".cdx.json";
    }
}
