package dev.pharos.engine.catalog.npm;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * npm packages: what is installed (each package's own {@code node_modules/**}{@code /package.json}) and what a
 * project's lockfile ({@code package-lock.json} / {@code npm-shrinkwrap.json}, lockfileVersion 2 and 3) says is
 * installed. Both name a package at the same install location, so both yield the same {@code FoundPackage} and an
 * inventory holding distinct packages counts it once (see {@link PackageLockParser}).
 */
@ApplicationScoped
public class NpmCataloger implements Cataloger {

    @Override
    public String name() {
        return "npm";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(FileEntry entry) {
        return NpmPaths.isInstalledManifest(entry.path()) || NpmPaths.isProjectLockfile(entry.path());
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        if (NpmPaths.isProjectLockfile(entry.path())) {
            return Catalogued.of(PackageLockParser.parse(entry.path(), content.bytes()));
        }
        return Catalogued.of(PackageJsonParser.parse(entry.path(), content.bytes()));
    }
}
