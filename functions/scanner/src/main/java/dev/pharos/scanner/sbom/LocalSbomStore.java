package dev.pharos.scanner.sbom;

import dev.pharos.core.error.PharosException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** SBOMs in a local directory: the embedded platform's and development's stand-in for S3. */
public final class LocalSbomStore implements SbomStore {
    private final Path directory;

    public LocalSbomStore(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    @Override
    public String put(String digest, byte[] cycloneDxJson) {
        Path target = directory.resolve(SbomStore.keyOf(digest));
        try {
            Files.createDirectories(target.getParent());
            // Written beside and moved into place, so a reader never sees half a document.
            Path partial = Files.createTempFile(target.getParent(), ".partial-", ".json");
            Files.write(partial, cycloneDxJson);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "cannot store the SBOM of " + digest
                    + " in " + directory + ": " + e.getMessage(), e);
        }
        return target.toUri().toString();
    }
}
