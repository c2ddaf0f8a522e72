package dev.pharos.scanner.engine;

import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;

/**
 * A source that resolves once: the scanner resolves the image first to learn its digest (a push may name only a
 * tag) and decide whether the stored analysis can be reused, then hands the same source to the analyzer.
 */
public final class ResolvedOnce implements ImageSource {
    private final ImageSource source;
    private ResolvedImage resolved;

    public ResolvedOnce(ImageSource source) {
        this.source = source;
    }

    @Override
    public synchronized ResolvedImage resolve() throws IOException {
        if (resolved == null) {
            resolved = source.resolve();
        }
        return resolved;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return source.openBlob(blob);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
