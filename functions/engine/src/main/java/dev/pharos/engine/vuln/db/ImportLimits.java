package dev.pharos.engine.vuln.db;

import java.time.Duration;

/**
 * Bounds on what an import reads, against hostile or broken feeds (zip bombs, endless listings). Exceeding one
 * fails the import with {@code LIMIT_EXCEEDED}; batches stored before that stay (a re-run resumes by upsert).
 *
 * @param maxDownloadBytes bytes read from one URL or archive file (OSV's largest ecosystem all.zip is well under)
 * @param maxRecordBytes   one OSV record, uncompressed: real records are kilobytes, a few reach hundreds
 * @param maxTotalBytes    all records of one archive, uncompressed
 * @param maxRecords       entries of one archive or lines of one listing
 * @param requestTimeout   connecting and waiting for response headers of one HTTP request
 */
public record ImportLimits(long maxDownloadBytes, long maxRecordBytes, long maxTotalBytes, int maxRecords,
                           Duration requestTimeout) {
    public static final ImportLimits DEFAULTS = new ImportLimits(2L << 30, 16L << 20, 16L << 30, 5_000_000,
            Duration.ofSeconds(60));
}
