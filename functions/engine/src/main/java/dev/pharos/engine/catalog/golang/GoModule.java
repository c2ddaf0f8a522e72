package dev.pharos.engine.catalog.golang;

/**
 * A module as the build info records it, after any replacement.
 *
 * @param path    module path, case as written (e.g. {@code github.com/Azure/go-autorest/autorest}); for a replacement
 *                by a local directory, that directory ({@code ./internal/x})
 * @param version module version (e.g. {@code v0.11.29}, a pseudo-version); {@code (devel)} or empty when the code
 *                came from a working tree rather than a published version
 */
record GoModule(String path, String version) {
    private static final String DEVEL = "(devel)";

    /** False for working-tree code: no published version identifies it, so no advisory can be matched to it. */
    boolean published() {
        return !version.isEmpty() && !version.equals(DEVEL);
    }
}
