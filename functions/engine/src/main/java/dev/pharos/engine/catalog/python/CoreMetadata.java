package dev.pharos.engine.catalog.python;

/**
 * The two fields of a Python distribution's core metadata that identify it.
 *
 * @param name    {@code Name} exactly as written (e.g. {@code PyYAML}, {@code lazr.restfulclient})
 * @param version {@code Version} exactly as written (PEP 440, or a legacy version of older distributions)
 */
record CoreMetadata(String name, String version) {
}
