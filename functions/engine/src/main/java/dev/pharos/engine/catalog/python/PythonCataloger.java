package dev.pharos.engine.catalog.python;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.CatalogException;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.PackageType;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Installed Python distributions: the core metadata of every distribution directly in a {@code site-packages} or
 * {@code dist-packages} directory, wherever it is (system and {@code /usr/local} Pythons, Debian's
 * {@code /usr/lib/python3/dist-packages}, virtualenvs, pyenv), as {@code importlib.metadata} finds them:
 * <ul>
 *   <li>{@code <name>-<version>.dist-info/METADATA}, the installed wheel format (PEP 376, PEP 627);</li>
 *   <li>{@code <name>.egg-info/PKG-INFO}, setuptools' {@code install} and {@code develop};</li>
 *   <li>{@code <name>-<version>.egg-info} as a single file, which distutils' {@code install_egg_info} wrote;</li>
 *   <li>{@code <name>-<version>-py<X.Y>.egg/EGG-INFO/PKG-INFO}, an unzipped egg of easy_install.</li>
 * </ul>
 */
@ApplicationScoped
public class PythonCataloger implements Cataloger {

    public PythonCataloger() {
    }

    @Override
    public String name() {
        return "python";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        String[] segments = entry.path().split("/");
        int last = segments.length - 1;
        String file = segments[last];
        if (last >= 1 && isSiteDirectory(segments[last - 1]) && file.endsWith(".egg-info")) {
            return true;
        }
        if (last >= 3 && isSiteDirectory(segments[last - 3]) && segments[last - 2].endsWith(".egg")
                && segments[last - 1].equals("EGG-INFO") && file.equals("PKG-INFO")) {
            return true;
        }
        if (last < 2 || !isSiteDirectory(segments[last - 2])) {
            return false;
        }
        String infoDirectory = segments[last - 1];
        return file.equals("METADATA") && infoDirectory.endsWith(".dist-info")
                || file.equals("PKG-INFO") && infoDirectory.endsWith(".egg-info");
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        CoreMetadata metadata;
        try (InputStream in = content.open()) {
            metadata = CoreMetadataParser.parse(in);
        }
        String name = normalise(metadata.name());
        return Catalogued.of(List.of(new FoundPackage(PackageType.PYPI, name, metadata.version(),
                purl(name, metadata.version()), Optional.empty(), entry.path())));
    }

    /**
     * PEP 503 "Normalized Names": lower case, every run of {@code - _ .} becomes one {@code -}. Distributions are
     * written as {@code PyYAML}, {@code typing_extensions} or {@code lazr.restfulclient} while PyPI, pip and the OSV
     * PyPI ecosystem compare normalised names, so the normalised name is both the reported name and the purl name
     * (purl-spec PURL-TYPES "pypi": lower-cased, {@code _} replaced by {@code -}).
     */
    static String normalise(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }

    private static boolean isSiteDirectory(String segment) {
        return segment.equals("site-packages") || segment.equals("dist-packages");
    }

    private static String purl(String name, String version) {
        try {
            return PackageURLBuilder.aPackageURL().withType(PackageType.PYPI.purlType()).withName(name)
                    .withVersion(version).build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("no package URL for " + name + " " + version + ": " + e.getMessage(), e);
        }
    }
}
