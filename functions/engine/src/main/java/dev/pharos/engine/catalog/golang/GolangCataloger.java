package dev.pharos.engine.catalog.golang;

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
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Go programs: the modules compiled into an ELF executable, from the build info the Go linker embeds (Go 1.13+,
 * module lists since builds in module mode), and the toolchain as module {@code stdlib}. Executables that are not
 * ELF, or ELF without Go build info, yield nothing; Mach-O and PE are not read (container images run ELF).
 */
@ApplicationScoped
public class GolangCataloger implements Cataloger {
    /** Even an empty Go program carries the runtime, hundreds of KiB; smaller executables are not Go. */
    static final long MIN_SIZE = 64 * 1024;

    public GolangCataloger() {
    }

    @Override
    public String name() {
        return "golang";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        return entry.executable() && entry.size() >= MIN_SIZE;
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        // Most executables of an image are scripts or C programs: four bytes decide before anything is mapped.
        try (InputStream in = content.open()) {
            if (!Arrays.equals(in.readNBytes(ElfImage.MAGIC.length), ElfImage.MAGIC)) {
                return Catalogued.nothing();
            }
        }
        Optional<GoBuildInfo> info;
        try (SeekableByteChannel channel = Files.newByteChannel(content.file())) {
            info = BuildInfoReader.read(ElfImage.read(channel));
        }
        if (info.isEmpty()) {
            return Catalogued.nothing();
        }
        ModInfo modules = ModInfoParser.parse(info.get().modInfo());
        List<FoundPackage> packages = new ArrayList<>();
        modules.main().filter(GoModule::published).ifPresent(main -> packages.add(found(main, entry)));
        modules.deps().stream().filter(GoModule::published).forEach(dep -> packages.add(found(dep, entry)));
        GoToolchain.semver(info.get().goVersion())
                .ifPresent(version -> packages.add(found(new GoModule(GoToolchain.STDLIB, version), entry)));
        return Catalogued.of(packages);
    }

    /** purl-spec PURL-TYPES "golang": the module path's last segment is the name, the rest the namespace. */
    private static FoundPackage found(GoModule module, FileEntry entry) {
        int slash = module.path().lastIndexOf('/');
        var builder = PackageURLBuilder.aPackageURL().withType(PackageType.GOLANG.purlType())
                .withName(module.path().substring(slash + 1)).withVersion(module.version());
        if (slash > 0) {
            builder.withNamespace(module.path().substring(0, slash));
        }
        try {
            return new FoundPackage(PackageType.GOLANG, module.path(), module.version(),
                    builder.build().canonicalize(), Optional.empty(), entry.path());
        } catch (MalformedPackageURLException e) {
            throw new CatalogException("no package URL for Go module " + module.path() + ": " + e.getMessage(), e);
        }
    }
}
