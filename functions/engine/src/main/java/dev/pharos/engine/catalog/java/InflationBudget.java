package dev.pharos.engine.catalog.java;

import dev.pharos.core.error.PharosException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts every byte inflated while cataloguing one archive, its nested archives included, so a zip bomb (a small
 * archive inflating to terabytes, or archives nested to multiply) stops at a bound instead of burning the scan:
 * exceeding it is {@code LIMIT_EXCEEDED} for the whole file. Not thread-safe: one per {@link JavaArchiveParser}.
 */
final class InflationBudget {
    private final long limit;
    private final String archive;
    private long used;

    /**
     * @param limit   bytes that may be inflated in all
     * @param archive the outermost archive's path, for the message
     */
    InflationBudget(long limit, String archive) {
        this.limit = limit;
        this.archive = archive;
    }

    /**
     * A view of {@code in} that charges what is read to this budget and fails with an {@link IOException} once one
     * entry passes {@code entryLimit} (the per-file bound, {@code maxFileBytes}, for nested archives).
     *
     * @param closeUnderlying false for the current entry of a {@link java.util.zip.ZipInputStream}, which must stay
     *                        open for the next entry
     */
    InputStream meter(InputStream in, long entryLimit, String entryPath, boolean closeUnderlying) {
        return new Metered(in, entryLimit, entryPath, closeUnderlying);
    }

    private void charge(long bytes) {
        used += bytes;
        if (used > limit) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, "archive " + archive + " inflates to more"
                    + " than maxUncompressedBytes (" + limit + " bytes) with its nested archives: a zip bomb?");
        }
    }

    private final class Metered extends FilterInputStream {
        private final long entryLimit;
        private final String entryPath;
        private final boolean closeUnderlying;
        private long read;

        Metered(InputStream in, long entryLimit, String entryPath, boolean closeUnderlying) {
            super(in);
            this.entryLimit = entryLimit;
            this.entryPath = entryPath;
            this.closeUnderlying = closeUnderlying;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        /** Skipping inflates just the same, so it is read and charged. */
        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int skipped = read(sink, 0, sink.length);
            return Math.max(skipped, 0);
        }

        @Override
        public void close() throws IOException {
            if (closeUnderlying) {
                super.close();
            }
        }

        private void counted(int n) throws IOException {
            read += n;
            charge(n);
            if (read > entryLimit) {
                throw new IOException(entryPath + " inflates to more than maxFileBytes (" + entryLimit + " bytes)");
            }
        }
    }
}
