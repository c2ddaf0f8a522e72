package dev.pharos.engine.catalog.rpm;

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
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Installed RPM packages from rpm's SQLite database, in {@code var/lib/rpm} or, since the move of the rpmdb out of
 * {@code /var}, {@code usr/lib/sysimage/rpm}. The older Berkeley DB ({@code Packages}) and SUSE's NDB
 * ({@code Packages.db}) databases are recognised and reported as unsupported, so the image shows an unknown
 * rather than a silently empty inventory.
 * <p>
 * purls have no namespace: the vendor ({@code redhat}, {@code rocky}, {@code opensuse}; purl-spec PURL-TYPES,
 * rpm) is the distribution, which the assembler knows and this cataloger does not.
 */
@ApplicationScoped
public class RpmCataloger implements Cataloger {
    private static final Set<String> DIRECTORIES = Set.of("var/lib/rpm/", "usr/lib/sysimage/rpm/");
    private static final Set<String> FILES = Set.of("rpmdb.sqlite", "Packages", "Packages.db");
    /** Imported signing keys are stored as pseudo-packages; they are not software. */
    private static final String GPG_PUBKEY = "gpg-pubkey";

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        String path = entry.path();
        String directory = path.substring(0, path.length() - entry.fileName().length());
        return DIRECTORIES.contains(directory) && FILES.contains(entry.fileName());
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        byte[] head;
        try (InputStream in = content.open()) {
            head = in.readNBytes(16);
        }
        RpmDatabaseFormat format = RpmDatabaseFormat.detect(head).orElseThrow(() -> new CatalogException(
                "not an rpm database: " + entry.path() + " starts with no known magic"));
        if (format != RpmDatabaseFormat.SQLITE) {
            throw new CatalogException("unsupported rpm database format: " + format.label() + " ("
                    + entry.path() + ")");
        }
        List<FoundPackage> packages = new ArrayList<>();
        RpmDatabase.forEachHeader(content.file(), row -> {
            try {
                found(RpmHeader.parse(row.blob()), entry.path()).ifPresent(packages::add);
            } catch (CatalogException e) {
                throw new CatalogException("Packages row " + row.hnum() + ": " + e.getMessage(), e);
            }
        });
        return Catalogued.of(packages);
    }

    private static Optional<FoundPackage> found(RpmHeader header, String path) {
        String name = required(header, RpmHeader.NAME);
        if (name.equals(GPG_PUBKEY)) {
            return Optional.empty();
        }
        String version = required(header, RpmHeader.VERSION);
        String release = required(header, RpmHeader.RELEASE);
        Optional<Integer> epoch = header.int32(RpmHeader.EPOCH);
        Optional<String> arch = header.string(RpmHeader.ARCH);
        String full = epoch.map(value -> value + ":").orElse("") + version + "-" + release;
        // Without a source RPM the package is its own source.
        SourcePackage source = header.string(RpmHeader.SOURCERPM).map(file -> SourceRpm.parse(file, epoch))
                .orElse(new SourcePackage(name, full));
        return Optional.of(new FoundPackage(PackageType.RPM, name, full,
                purl(name, version + "-" + release, epoch, arch), Optional.of(source), path));
    }

    private static String required(RpmHeader header, int tag) {
        return header.string(tag).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new CatalogException("rpm header has no tag " + tag));
    }

    /** purl-spec PURL-TYPES, rpm: the version is {@code version-release}, the epoch a qualifier. */
    private static String purl(String name, String versionRelease, Optional<Integer> epoch, Optional<String> arch) {
        try {
            var builder = PackageURLBuilder.aPackageURL().withType(PackageType.RPM.purlType())
                    .withName(name).withVersion(versionRelease);
            arch.ifPresent(value -> builder.withQualifier("arch", value));
            epoch.ifPresent(value -> builder.withQualifier("epoch", value.toString()));
            return builder.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("package " + name + " " + versionRelease + " makes no valid purl: "
                    + e.getMessage(), e);
        }
    }
}
