package dev.pharos.harness.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo OSV data set ({@code osv-demo/} on this module's class path, see its README) as a directory
 * {@code OsvImporter.importDirectory} can walk: the resource directory itself when running from classes, or the
 * same directory inside pharos-local.jar through the JDK's zip file system, so nothing is extracted.
 */
public final class DemoAdvisories {
    private static final String DIRECTORY = "/osv-demo";

    private DemoAdvisories() {
    }

    public static Path directory() {
        var url = DemoAdvisories.class.getResource(DIRECTORY);
        if (url == null) {
            throw new IllegalStateException("osv-demo is missing from the class path");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            try {
                FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException alreadyOpen) {
                // Opened by an earlier call; Path.of finds it.
            }
            return Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + url, e);
        }
    }
}
