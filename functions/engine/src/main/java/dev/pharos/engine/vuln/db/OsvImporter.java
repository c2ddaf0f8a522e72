package dev.pharos.engine.vuln.db;

import dev.pharos.core.error.PharosException;
import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.osv.Rfc3339;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Loads OSV advisories into the {@link AdvisoryStore} from the forms OSV publishes
 * (google.github.io/osv.dev/data): an ecosystem's {@code all.zip} (streamed, never held whole), a directory of
 * record files, or the incremental {@code modified_id.csv} listing. A record that cannot be read is reported in
 * {@link ImportReport#rejected()} and the others go in; limits ({@link ImportLimits}) and an unreachable source
 * fail the import. Re-running an import is safe and cheap: the store only takes strictly newer records.
 */
public final class OsvImporter {
    private static final int WRITERS = 2;
    private static final int MAX_LINE = 4096;
    private final AdvisoryStore store;
    private final ImportLimits limits;
    private final HttpClient http;

    public OsvImporter(AdvisoryStore store, ImportLimits limits) {
        this.store = store;
        this.limits = limits;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(limits.requestTimeout()).build();
    }

    /** An {@code all.zip} at an http(s) or file URI. */
    public ImportReport importZip(URI uri) {
        try (InputStream body = open(uri)) {
            return importZip(body, uri.toString());
        } catch (IOException e) {
            throw unavailable(uri.toString(), e);
        }
    }

    public ImportReport importZip(Path file) {
        return importZip(file.toUri());
    }

    /**
     * Every regular {@code *.json} file under {@code directory} (symbolic links are not followed), e.g. a checkout
     * of an advisory repository. Rejected records are named by their id, or by their path when it is unreadable.
     */
    public ImportReport importDirectory(Path directory) {
        try (Batcher batcher = new Batcher(); Stream<Path> walk = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) walk.sorted()::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || !file.getFileName().toString().endsWith(".json")) {
                    continue;
                }
                String name = directory.relativize(file).toString();
                if (Files.size(file) > limits.maxRecordBytes()) {
                    batcher.reject(name, "larger than " + limits.maxRecordBytes() + " bytes");
                    continue;
                }
                batcher.add(Files.readAllBytes(file), name);
            }
            return batcher.finish();
        } catch (IOException e) {
            throw unavailable(directory.toString(), e);
        }
    }

    /**
     * The records listed in a {@code modified_id.csv} (lines {@code <RFC 3339 modified>,<path>}, newest first; the
     * path is {@code <ecosystem>/<id>} in the bucket's root listing, {@code <id>} in an ecosystem's), fetched as
     * {@code <path>.json} relative to the listing, down to {@code since}: reading stops at the first line older
     * than it. Lines exactly at {@code since} are fetched again, since a run that failed may have stopped among
     * records sharing that time; the store makes them unchanged.
     *
     * @return the report and the watermark to pass as {@code since} next time (the listing's newest time), valid
     *         when this call returned normally; after a failure, re-run with the same {@code since}
     */
    public Incremental importModifiedSince(URI listing, Instant since) {
        Instant watermark = since;
        try (Batcher batcher = new Batcher(); InputStream lines = new BufferedInputStream(open(listing))) {
            int number = 0;
            for (Optional<String> next = readLine(lines, listing, 1); next.isPresent();
                 next = readLine(lines, listing, number + 1)) {
                String line = next.get();
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (number > limits.maxRecords()) {
                    throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                            listing + " lists more than " + limits.maxRecords() + " records");
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw malformedLine(listing, number, "no comma");
                }
                Instant modified = timestamp(line.substring(0, comma).trim(), listing, number);
                if (modified.isBefore(since)) {
                    break;
                }
                if (modified.isAfter(watermark)) {
                    watermark = modified;
                }
                String path = line.substring(comma + 1).trim();
                fetchRecord(listing, path, batcher);
            }
            return new Incremental(batcher.finish(), watermark);
        } catch (IOException e) {
            throw unavailable(listing.toString(), e);
        }
    }

    /**
     * One line of a listing, without its line end; empty at the end of the stream. Bounded: a listing's lines are a
     * time and a path, and a stream without line ends must not fill the heap.
     */
    private static Optional<String> readLine(InputStream in, URI listing, int number) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b = in.read();
        if (b < 0) {
            return Optional.empty();
        }
        while (b >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw malformedLine(listing, number, "longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
            b = in.read();
        }
        return Optional.of(line.toString(StandardCharsets.UTF_8).strip());
    }

    /** @param watermark the {@code since} of the next incremental import */
    public record Incremental(ImportReport report, Instant watermark) {
    }

    /**
     * Reads a skipped entry to its end, counting what it inflates: ZipInputStream inflates it anyway to reach the
     * next entry, so an uncounted skip would let a non-JSON entry be a free decompression bomb.
     */
    private long drain(ZipInputStream zip, long total, String source) throws IOException {
        byte[] buffer = new byte[8192];
        long counted = total;
        for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
            counted = counted(counted + n, source);
        }
        return counted;
    }

    private long counted(long total, String source) {
        if (total > limits.maxTotalBytes()) {
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                    source + " inflates past " + limits.maxTotalBytes() + " bytes");
        }
        return total;
    }

    private ImportReport importZip(InputStream body, String source) throws IOException {
        long total = 0;
        int entries = 0;
        try (Batcher batcher = new Batcher(); ZipInputStream zip = new ZipInputStream(
                new CappedInputStream(body, limits.maxDownloadBytes(), source), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > limits.maxRecords()) {
                    throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                            source + " has more than " + limits.maxRecords() + " entries");
                }
                if (entry.isDirectory() || !entry.getName().endsWith(".json")) {
                    total = drain(zip, total, source);
                    continue;
                }
                // Declared sizes may lie (and are absent in streamed entries): the bytes inflated are what count.
                byte[] json = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxRecordBytes() + 1));
                if (json.length > limits.maxRecordBytes()) {
                    throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED, source + ": entry "
                            + entry.getName() + " inflates past " + limits.maxRecordBytes() + " bytes");
                }
                total = counted(total + json.length, source);
                batcher.add(json, entry.getName());
            }
            if (entries == 0) {
                // ZipInputStream reads anything else (an HTML error page served with 200) as an empty archive
                throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                        source + " is not a zip archive or has no entries");
            }
            return batcher.finish();
        } catch (java.util.zip.ZipException e) {
            throw new PharosException(PharosException.Kind.MALFORMED_INPUT,
                    source + " is not a readable zip archive: " + e.getMessage(), e);
        }
    }

    private void fetchRecord(URI listing, String path, Batcher batcher) {
        StringBuilder relative = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                batcher.reject(path, "not a record path");
                return;
            }
            relative.append(relative.isEmpty() ? "" : "/")
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        URI uri = listing.resolve(relative + ".json");
        try (InputStream body = open(uri)) {
            byte[] json = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxRecordBytes() + 1));
            if (json.length > limits.maxRecordBytes()) {
                batcher.reject(path, "larger than " + limits.maxRecordBytes() + " bytes");
                return;
            }
            batcher.add(json, path);
        } catch (IOException | PharosException e) {
            batcher.reject(path, e.getMessage());
        }
    }

    /** The body of an http(s) URI (status 200 only) or a file URI, capped at {@code maxDownloadBytes}. */
    private InputStream open(URI uri) throws IOException {
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return new CappedInputStream(Files.newInputStream(Path.of(uri)), limits.maxDownloadBytes(),
                    uri.toString());
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PharosException(PharosException.Kind.UNSUPPORTED, "cannot fetch advisories from " + uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(limits.requestTimeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + uri, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limits.maxDownloadBytes()) {
            response.body().close();
            throw new PharosException(PharosException.Kind.LIMIT_EXCEEDED,
                    uri + " is " + declared + " bytes, more than " + limits.maxDownloadBytes());
        }
        return new CappedInputStream(response.body(), limits.maxDownloadBytes(), uri.toString());
    }

    private static Instant timestamp(String text, URI listing, int number) {
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            throw malformedLine(listing, number, "\"" + text + "\" is not an RFC 3339 time");
        }
    }

    private static PharosException malformedLine(URI listing, int number, String problem) {
        return new PharosException(PharosException.Kind.MALFORMED_INPUT, listing + " line " + number + ": " + problem);
    }

    private static PharosException unavailable(String source, IOException e) {
        return new PharosException(PharosException.Kind.UNAVAILABLE,
                "cannot read advisories from " + source + ": " + e.getMessage(), e);
    }

    /**
     * Parses records as they come and hands full batches to {@link #WRITERS} writer threads, so that parsing
     * overlaps storing. A record goes to the writer its id hashes to: two statements running at once never touch
     * the same advisory. (One statement's snapshot would miss the other's package rows and leave them behind;
     * the same holds for two imports at once, so run one import at a time.) Each writer has at most one batch
     * waiting behind the one it stores, which bounds memory.
     */
    private final class Batcher implements AutoCloseable {
        private final Lane[] lanes = new Lane[WRITERS];
        private final List<ImportReport.Rejected> rejected = new ArrayList<>();
        private ImportReport report = ImportReport.EMPTY;
        private boolean firstStored;

        Batcher() {
            for (int i = 0; i < WRITERS; i++) {
                lanes[i] = new Lane(Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().daemon().name("osv-import-writer-" + i).factory()));
            }
        }

        void add(byte[] json, String name) {
            OsvRecord record;
            try {
                record = OsvJson.parse(json);
            } catch (PharosException e) {
                reject(OsvJson.idOf(json).orElse(name), e.getMessage());
                return;
            }
            Lane lane = lanes[Math.floorMod(record.id().hashCode(), WRITERS)];
            lane.pending.add(record);
            if (lane.pending.size() >= AdvisoryStore.BATCH) {
                flush(lane);
            }
        }

        void reject(String name, String reason) {
            rejected.add(new ImportReport.Rejected(name, reason));
        }

        ImportReport finish() {
            for (Lane lane : lanes) {
                flush(lane);
            }
            for (Lane lane : lanes) {
                while (!lane.stored.isEmpty()) {
                    collect(lane);
                }
            }
            return report.withRejected(rejected);
        }

        private void flush(Lane lane) {
            if (!lane.pending.isEmpty()) {
                List<OsvRecord> batch = List.copyOf(lane.pending);
                lane.pending.clear();
                lane.stored.add(lane.writer.submit(() -> store.upsert(batch)));
                // The first batch is stored alone: an unreachable store fails the import before more is queued,
                // and the reactive client's first use is not concurrent (outside Quarkus, SmallRye context
                // propagation initialises lazily and two first uses at once fail "ContextManagerProvider already
                // set").
                while (lane.stored.size() > 2 || !firstStored) {
                    collect(lane);
                    firstStored = true;
                }
            }
        }

        private void collect(Lane lane) {
            try {
                report = report.plus(lane.stored.removeFirst().get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PharosException(PharosException.Kind.UNAVAILABLE, "advisory import interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /**
         * Stops the writers after the batches already handed over. A statement cannot be recalled, and each is
         * bounded by the store's timeout.
         */
        @Override
        public void close() {
            for (Lane lane : lanes) {
                lane.writer.shutdown();
            }
            try {
                for (Lane lane : lanes) {
                    lane.writer.awaitTermination(1, TimeUnit.HOURS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One writer thread, the records waiting for it, and its batches handed over but not yet collected. */
    private record Lane(ExecutorService writer, List<OsvRecord> pending, Deque<Future<ImportReport>> stored) {
        Lane(ExecutorService writer) {
            this(writer, new ArrayList<>(AdvisoryStore.BATCH), new ArrayDeque<>());
        }
    }
}
