package dev.pharos.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that must see every byte that passes (to hash it, to count it against a limit): single-byte reads and
 * skips are routed through {@link #read(byte[], int, int)}, the one method subclasses override (calling
 * {@code super.read} for the bytes themselves). Skipping by
 * reading matters: an underlying skip would let bytes by uncounted, and a decompressor's skip inflates them anyway.
 */
public abstract class MeteredInputStream extends FilterInputStream {
    protected MeteredInputStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final long skip(long n) throws IOException {
        byte[] sink = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int got = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
