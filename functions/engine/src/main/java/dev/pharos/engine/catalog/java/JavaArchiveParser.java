package dev.pharos.engine.catalog.java;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.Unknown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Walks one Java archive and the archives nested in it (fat jars' {@code BOOT-INF/lib/}, WARs' {@code WEB-INF/lib/},
 * EAR modules, any other entry with an archive's name) and collects each one's Maven identity.
 * <p>
 * A nested archive that cannot be read (corrupt, larger than {@code maxFileBytes}, nested deeper than
 * {@code maxArchiveDepth}) becomes an {@link Unknown} at its {@code outer.jar!/inner.jar} path and the walk goes on;
 * the outermost archive failing fails the file. Inflating more than {@code maxUncompressedBytes} in all fails the
 * file with {@code LIMIT_EXCEEDED} ({@link InflationBudget}). One parser per file: it accumulates.
 */
final class JavaArchiveParser {
    /** Manifests and pom.properties are a few kilobytes; anything this large is not one. */
    private static final long MAX_METADATA_BYTES = 1 << 20;
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private final ScanLimits limits;
    private final List<FoundPackage> packages = new ArrayList<>();
    private final List<Unknown> unknowns = new ArrayList<>();

    JavaArchiveParser(ScanLimits limits) {
        this.limits = limits;
    }

    /**
     * @param path the archive's path in the image, the prefix of every nested path
     * @param file its content
     */
    Catalogued parse(String path, Path file) throws IOException {
        var budget = new InflationBudget(limits.maxUncompressedBytes(), path);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CatalogException("not a readable zip archive: " + e.getMessage(), e);
        }
        try (zip) {
            archive(path, 0, ArchiveEntries.of(zip, budget, path), budget);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // ZipFile's entry enumeration reports a malformed central directory with unchecked exceptions.
            throw new CatalogException("malformed zip archive: " + e.getMessage(), e);
        }
        return Catalogued.of(packages, unknowns);
    }

    private void archive(String path, int depth, ArchiveEntries entries, InflationBudget budget) throws IOException {
        List<MavenIdentity.Entry> poms = new ArrayList<>();
        Optional<byte[]> manifest = Optional.empty();
        var classes = new PackageLayout();
        for (var next = entries.next(); next.isPresent(); next = entries.next()) {
            ArchiveEntries.ArchiveEntry entry = next.get();
            if (MavenIdentity.isPomProperties(entry.name())) {
                poms.add(new MavenIdentity.Entry(entry.name(), metadata(entry)));
            } else if (entry.name().equals(MANIFEST)) {
                manifest = Optional.of(metadata(entry));
            } else if (JavaArchives.isArchiveName(entry.name())) {
                nested(path + "!/" + entry.name(), depth + 1, entry, budget);
            } else {
                classes.add(entry.name());
            }
        }
        for (MavenCoordinates coordinates : MavenIdentity.of(poms, manifest, JavaArchives.fileName(path), classes)) {
            if (coordinates.complete()) {
                packages.add(coordinates.toPackage(path));
            } else {
                unknowns.add(unknown(path, "recognised as " + coordinates.artifactId() + " " + coordinates.version()
                        + " from its manifest or file name, but nothing names its groupId and its classes' packages"
                        + " do not show one"));
            }
        }
    }

    private void nested(String path, int depth, ArchiveEntries.ArchiveEntry entry, InflationBudget budget) {
        if (depth > limits.maxArchiveDepth()) {
            unknowns.add(unknown(path, "archive nested " + depth + " deep, deeper than maxArchiveDepth ("
                    + limits.maxArchiveDepth() + "): not opened"));
            return;
        }
        try (var zip = new ZipInputStream(entry.content().open(limits.maxFileBytes()))) {
            archive(path, depth, ArchiveEntries.of(zip, budget, path), budget);
        } catch (IOException | CatalogException e) {
            unknowns.add(unknown(path, e.getMessage()));
        }
    }

    private static byte[] metadata(ArchiveEntries.ArchiveEntry entry) throws IOException {
        try (InputStream in = entry.content().open(MAX_METADATA_BYTES)) {
            return in.readAllBytes();
        }
    }

    private static Unknown unknown(String path, String reason) {
        return new Unknown(path, JavaCataloger.NAME, reason);
    }
}
