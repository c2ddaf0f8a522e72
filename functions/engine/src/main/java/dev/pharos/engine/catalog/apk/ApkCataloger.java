package dev.pharos.engine.catalog.apk;

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
import dev.pharos.engine.catalog.apk.ApkDatabaseParser.Record;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Installed Alpine packages from {@code lib/apk/db/installed}. Alpine's advisories (secdb, OSV {@code Alpine:v3.x})
 * name the origin, i.e. the aport the package was built from, at the package's own version: apk has no separate
 * source version, so the source is ({@code o:}, {@code V:}).
 * <p>
 * purls use the {@code alpine} namespace (purl-spec PURL-TYPES, apk); the assembler may change it for other apk
 * distributions (Wolfi, Chainguard) and adds {@code distro=}.
 */
@ApplicationScoped
public class ApkCataloger implements Cataloger {
    static final String INSTALLED = "lib/apk/db/installed";

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        return entry.path().equals(INSTALLED);
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        List<Record> records;
        try (InputStream in = content.open()) {
            records = ApkDatabaseParser.parse(in);
        }
        return Catalogued.of(records.stream().map(record -> found(record, entry.path())).toList());
    }

    private static FoundPackage found(Record record, String path) {
        String name = required(record, 'P');
        String version = required(record, 'V');
        Optional<String> arch = record.field('A');
        // A package without an origin is its own aport.
        String origin = record.field('o').orElse(name);
        return new FoundPackage(PackageType.APK, name, version, purl(name, version, arch),
                Optional.of(new SourcePackage(origin, version)), path);
    }

    private static String required(Record record, char key) {
        return record.field(key).filter(value -> !value.isEmpty()).orElseThrow(
                () -> new CatalogException("line " + record.line() + ": package record has no " + key + ":"));
    }

    private static String purl(String name, String version, Optional<String> arch) {
        try {
            var builder = PackageURLBuilder.aPackageURL().withType(PackageType.APK.purlType())
                    .withNamespace("alpine").withName(name).withVersion(version);
            arch.ifPresent(value -> builder.withQualifier("arch", value));
            return builder.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("package " + name + " " + version + " makes no valid purl: " + e.getMessage(), e);
        }
    }
}
