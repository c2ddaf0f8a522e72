package dev.pharos.engine.catalog.dpkg;

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
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.catalog.dpkg.ControlParser.Stanza;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Debian packages from dpkg's database {@code var/lib/dpkg/status}, and from distroless images'
 * {@code var/lib/dpkg/status.d/<package>} files (the same paragraphs without {@code Status}, one file per package,
 * next to {@code <package>.md5sums} file lists).
 * <p>
 * purls use the {@code debian} namespace: this cataloger does not know the distribution, so the assembler, which
 * does, replaces the namespace (e.g. {@code ubuntu}) and adds {@code distro=} (purl-spec PURL-TYPES, deb).
 */
@ApplicationScoped
public class DpkgCataloger implements Cataloger {
    static final String STATUS = "var/lib/dpkg/status";
    static final String STATUS_D = "var/lib/dpkg/status.d/";
    /** Debian Policy 5.6.1: {@code Source: name} or {@code Source: name (version)}. */
    private static final Pattern SOURCE = Pattern.compile("(\\S+)(?:\\s+\\((\\S+)\\))?");

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        String path = entry.path();
        if (path.equals(STATUS)) {
            return true;
        }
        String child = path.startsWith(STATUS_D) ? path.substring(STATUS_D.length()) : "";
        return !child.isEmpty() && !child.contains("/") && !child.endsWith(".md5sums");
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        boolean database = entry.path().equals(STATUS);
        List<Stanza> stanzas;
        try (InputStream in = content.open()) {
            stanzas = ControlParser.parse(in);
        }
        List<FoundPackage> packages = new ArrayList<>();
        for (Stanza stanza : stanzas) {
            if (!database || installed(stanza)) {
                packages.add(found(stanza, entry.path()));
            }
        }
        return Catalogued.of(packages);
    }

    /**
     * dpkg's {@code Status: <want> <error flag> <state>} (dpkg-query(1)); only the state {@code installed} means
     * the package's files are on disk and configured ({@code hold ok installed} counts too). Removed packages that
     * kept their configuration ({@code config-files}) and forgotten ones ({@code not-installed}) do not.
     */
    private static boolean installed(Stanza stanza) {
        String[] status = required(stanza, "Status").split("\\s+");
        if (status.length != 3) {
            throw new CatalogException("line " + stanza.line() + ": Status is not '<want> <flag> <state>'");
        }
        return status[2].equals("installed");
    }

    private static FoundPackage found(Stanza stanza, String path) {
        String name = required(stanza, "Package");
        String version = required(stanza, "Version");
        Optional<String> arch = stanza.field("Architecture");
        return new FoundPackage(PackageType.DEB, name, version, purl(name, version, arch),
                Optional.of(source(stanza, name, version)), path);
    }

    /** Debian Policy 5.6.1: without {@code Source:} the source has the binary's name; without a version, its version. */
    private static SourcePackage source(Stanza stanza, String name, String version) {
        Optional<String> field = stanza.field("Source");
        if (field.isEmpty()) {
            return new SourcePackage(name, version);
        }
        Matcher matcher = SOURCE.matcher(field.get());
        if (!matcher.matches()) {
            throw new CatalogException("line " + stanza.line() + ": Source is not 'name [(version)]': " + field.get());
        }
        return new SourcePackage(matcher.group(1), matcher.group(2) != null ? matcher.group(2) : version);
    }

    private static String required(Stanza stanza, String field) {
        return stanza.field(field).filter(value -> !value.isEmpty()).orElseThrow(() -> new CatalogException(
                "line " + stanza.line() + ": paragraph has no " + field));
    }

    private static String purl(String name, String version, Optional<String> arch) {
        try {
            var builder = PackageURLBuilder.aPackageURL().withType(PackageType.DEB.purlType())
                    .withNamespace("debian").withName(name).withVersion(version);
            arch.ifPresent(value -> builder.withQualifier("arch", value));
            return builder.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("package " + name + " " + version + " makes no valid purl: " + e.getMessage(), e);
        }
    }
}
