package dev.pharos.engine.sbom;

/**
 * The CycloneDX property names Pharos writes and reads. CycloneDX reserves {@code cdx:} for its own taxonomy and
 * recommends a namespace per producer (CycloneDX property taxonomy), hence {@code pharos:}.
 */
final class SbomProperties {
    static final String LAYER_DIGEST = "pharos:layer:digest";
    static final String PATH = "pharos:location:path";
    static final String SOURCE_NAME = "pharos:source:name";
    static final String SOURCE_VERSION = "pharos:source:version";
    static final String OSV_ECOSYSTEM = "pharos:osv:ecosystem";
    static final String MANIFEST_DIGEST = "pharos:image:manifest-digest";
    static final String LAYER = "pharos:image:layer";
    static final String OS_PRETTY_NAME = "pharos:os:pretty-name";

    private SbomProperties() {
    }
}
