package dev.pharos.engine.layer;

import dev.pharos.engine.MeteredInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sits right after the decompressor: every byte it hands out is charged to the {@link ScanBudget}, so a gzip or zstd
 * bomb stops at {@code maxUncompressedBytes} having used one buffer of memory. The wall-time deadline is checked as
 * bytes flow, so a slow or endless stream cannot outlive the scan. Skips are done by reading, because a
 * decompressor's own skip would inflate bytes nobody counted.
 */
final class BudgetedInputStream extends MeteredInputStream {
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


    /** Bytes handed out so far: this layer's uncompressed size once drained. */
    long count() {
        return count;
    }

}
