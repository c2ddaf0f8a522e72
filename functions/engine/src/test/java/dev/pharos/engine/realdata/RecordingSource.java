package dev.pharos.engine.realdata;

import dev.pharos.engine.source.Descriptor;
import dev.pharos.engine.source.ImageSource;
import dev.pharos.engine.source.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** An {@link ImageSource} that records which blobs were downloaded: a layer not opened was not walked. */
final class RecordingSource implements ImageSource {
    private final ImageSource delegate;
    private final List<String> opened = new ArrayList<>();

    RecordingSource(ImageSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public ResolvedImage resolve() throws IOException {
        return delegate.resolve();
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        opened.add(blob.digest());
        return delegate.openBlob(blob);
    }

    List<String> opened() {
        return List.copyOf(opened);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
