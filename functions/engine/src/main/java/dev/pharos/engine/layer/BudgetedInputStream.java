package dev.pharos.engine.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits right after the decompressor: every byte it hands out is charged to the {@link ScanBudget}, so a gzip or zstd
 * bomb stops at {@code maxUncompressedBytes} having used one buffer of memory. The wall-time deadline is checked as
 * bytes flow, so a slow or endless stream cannot outlive the scan. Skips are done by reading, because a
 * decompressor's own skip would inflate bytes nobody counted.
 */
final class BudgetedInputStream extends FilterInputStream {
    /** Check the clock once per this many bytes; reading the clock per call would cost more than the copy. */
    private static final long TIME_CHECK_BYTES = 1L << 20;

    private final ScanBudget budget;
    private final String where;
    private long sinceTimeCheck;
    private long count;

    BudgetedInputStream(InputStream in, ScanBudget budget, String where) {
        super(in);
        this.budget = budget;
        this.where = where;
        budget.checkTime(where);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            budget.addUncompressed(n, where);
            sinceTimeCheck += n;
            if (sinceTimeCheck >= TIME_CHECK_BYTES) {
                sinceTimeCheck = 0;
                budget.checkTime(where);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
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

    /** Bytes handed out so far: this layer's uncompressed size once drained. */
    long count() {
        return count;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
