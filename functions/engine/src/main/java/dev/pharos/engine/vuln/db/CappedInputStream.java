package dev.pharos.engine.vuln.db;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.MeteredInputStream;

import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes that pass and fails with {@code LIMIT_EXCEEDED} past {@code limit}. */
final class CappedInputStream extends MeteredInputStream {
    private final long limit;
    private final String what;
    private long count;

    CappedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                        what + " exceeds " + limit + " bytes");
            }
        }
        return n;
    }
}
