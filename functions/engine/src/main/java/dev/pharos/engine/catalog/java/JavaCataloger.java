package dev.pharos.engine.catalog.java;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.catalog.Catalogued;
import dev.pharos.engine.catalog.Cataloger;
import dev.pharos.engine.catalog.FileContent;
import dev.pharos.engine.catalog.FileEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * Java archives (jar, war, ear and their plug-in cousins) anywhere in the image, nested archives included: each
 * {@code META-INF/maven/<groupId>/<artifactId>/pom.properties} is a Maven package, the manifest and the file name
 * only identify an archive that has none (see {@link MavenIdentity}).
 */
@ApplicationScoped
public class JavaCataloger implements Cataloger {
    static final String NAME = "java";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return 2; // 2: groupId inferred from the class layout (PackageLayout)
    }

    @Override
    public boolean wants(FileEntry entry) {
        return JavaArchives.isArchiveName(entry.fileName());
    }

    @Override
    public Catalogued parse(FileEntry entry, FileContent content, ScanLimits limits) throws IOException {
        return new JavaArchiveParser(limits).parse(entry.path(), content.file());
    }
}
