package dev.pharos.engine.catalog;

import dev.pharos.engine.ScanLimits;

import java.io.IOException;

/**
 * One file format's analyser (after Trivy's analyzers and Syft's catalogers): the layer walker asks every cataloger
 * whether it {@link #wants} an entry, from metadata alone, and reads only the entries some cataloger wants.
 * <p>
 * Implementations are {@code @ApplicationScoped} beans with a no-argument constructor, one per package
 * {@code catalog/<format>/}; {@link Catalogers} finds them in this module's Jandex index, as Quarkus does. They
 * must be stateless: one instance parses files of many images on many threads.
 */
public interface Cataloger {
    /** Stable name, e.g. {@code dpkg}; with {@link #version()} it keys cached layer results. */
    String name();

    /** Raise whenever the output for the same input may change, so cached layer results are recomputed. */
    int version();

    /** Cheap: decides from the entry's path, size and mode only; called for every file of every layer. */
    boolean wants(FileEntry entry);

    /**
     * Parses one wanted file. A file that is not what its path promised (corrupt, truncated, another format) is
     * reported by throwing: the caller records it as an {@link Unknown} and the scan goes on.
     *
     * @param limits the scan's bounds; formats that nest (archives in archives) honour {@code maxArchiveDepth}
     * @throws IOException          the content cannot be read or parsed
     * @throws CatalogException     the content is readable but not valid for this format
     */
    Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException;
}
