package dev.pharos.engine.layer;

import dev.pharos.core.error.PharosException;
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
    /** Metadata one entry may carry (PAX records, GNU long names, sparse maps) before the tar reader holds too much. */
    static final long MAX_HEADER_BYTES = 4L << 20;

    private long sinceTimeCheck;
    private long count;
    /** Bytes read since {@link #startHeaders()}, or -1 while entry data is being read. */
    private long headerBytes = -1;

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
            if (headerBytes >= 0 && (headerBytes += n) > MAX_HEADER_BYTES) {
                throw new PharosException(PharosException.Kind.MALFORMED_INPUT, where + " has a tar entry whose"
                        + " headers (PAX records, long names) exceed " + MAX_HEADER_BYTES + " bytes");
            }
            sinceTimeCheck += n;
            if (sinceTimeCheck >= TIME_CHECK_BYTES) {
                sinceTimeCheck = 0;
                budget.checkTime(where);
            }
        }
        return n;
    }


    /**
     * From now until {@link #endHeaders()} the tar reader reads one entry's headers only. commons-compress keeps a
     * PAX header or GNU long name wholly in memory, so a hostile layer could otherwise make it hold gigabytes.
     */
    void startHeaders() {
        headerBytes = 0;
    }

    void endHeaders() {
        headerBytes = -1;
    }

    /** Bytes handed out so far: this layer's uncompressed size once drained. */
    long count() {
        return count;
    }

}
