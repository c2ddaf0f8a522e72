package dev.pharos.engine.source.layout;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An image in an OCI image layout directory (what {@code skopeo copy ... oci:<dir>:<tag>} writes), selected by its
 * {@code org.opencontainers.image.ref.name} tag or as the layout's only image. Files are opened without following
 * a symlink at the last path component, so a layout cannot point a blob at a file elsewhere on the host.
 */
public final class OciLayoutSource implements ImageSource {
    private final OciLayout layout;
    private final Optional<String> tag;
    private final Platform platform;

    public OciLayoutSource(Path directory, Optional<String> tag, Platform platform, ScanLimits limits) {
        this.layout = new OciLayout(new DirectoryFiles(directory.toAbsolutePath().normalize()), limits,
                "oci:" + directory + tag.map(t -> ":" + t).orElse(""));
        this.tag = tag;
        this.platform = platform;
    }

    @Override
    public ResolvedImage resolve() throws IOException {
        return layout.resolve(tag, platform);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return layout.openBlob(blob);
    }

    @Override
    public void close() {
        // Nothing held open between calls.
    }

    private record DirectoryFiles(Path root) implements LayoutFiles {
        @Override
        public InputStream open(String relativePath) throws IOException {
            Path file = resolve(relativePath);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(file.toString());
            }
            // NOFOLLOW_LINKS guards the last component only: a symlinked directory on the way (blobs -> a host's
            // content store) would let a layout read other images' blobs, which then pass their digest checks.
            if (!file.toRealPath().startsWith(root.toRealPath())) {
                throw new IllegalArgumentException("path leaves the layout through a symbolic link: " + relativePath);
            }
            return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }

        private Path resolve(String relativePath) {
            Path file = root.resolve(relativePath).normalize();
            if (!file.startsWith(root)) {
                throw new IllegalArgumentException("path escapes the layout: " + relativePath);
            }
            return file;
        }
    }
}
