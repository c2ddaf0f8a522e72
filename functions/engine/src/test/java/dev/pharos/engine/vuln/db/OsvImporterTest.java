package dev.pharos.engine.vuln.db;

import com.sun.net.httpserver.HttpServer;
import dev.pharos.core.error.PharosException;
import dev.pharos.core.persistence.MigratedDatabase;
import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.pharos.engine.vuln.db.Advisories.found;
import static dev.pharos.engine.vuln.db.Advisories.head;
import static dev.pharos.engine.vuln.db.Advisories.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsvImporterTest {
    private static final PackageKey LOG4J = new PackageKey("Maven", "org.apache.logging.log4j:log4j-core");
    private static final PackageKey LODASH = new PackageKey("npm", "lodash");
    private static final PackageKey REQUESTS = new PackageKey("PyPI", "requests");
    private static final ImportLimits SMALL = new ImportLimits(1 << 20, 64 << 10, 256 << 10, 100,
            Duration.ofSeconds(10));
    private static final byte[] MISSING_MODIFIED = "{\"id\": \"GHSA-no-modified\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_JSON = "{\"id\": \"GHSA-cut-short".getBytes(StandardCharsets.UTF_8);

    private MigratedDatabase database;
    private AdvisoryStore store;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        database = new MigratedDatabase();
        store = new AdvisoryStore(database.pool(), Duration.ofSeconds(30));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
            byte[] body = served.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        database.close();
    }

    @Test
    void importsZipOverHttpReportingBadRecordsAndKeepingTheRest() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("GHSA-1.json", json(record("GHSA-1", "2024-01-01T00:00:00Z", LOG4J)));
        entries.put("GHSA-2.json", json(record("GHSA-2", "2024-01-01T00:00:00Z", LODASH)));
        entries.put("GHSA-no-modified.json", MISSING_MODIFIED);
        entries.put("broken.json", NOT_JSON);
        entries.put("README.txt", "not a record".getBytes(StandardCharsets.UTF_8));
        entries.put("PYSEC-1.json", json(record("PYSEC-1", "2024-01-01T00:00:00Z", REQUESTS, LOG4J)));
        served.put("/Maven/all.zip", zip(entries));

        ImportReport report = importer(SMALL).importZip(uri("/Maven/all.zip"));

        assertThat(report.inserted()).isEqualTo(3);
        assertThat(report.rejected()).extracting(ImportReport.Rejected::id)
                .containsExactlyInAnyOrder("GHSA-no-modified", "broken.json");
        assertThat(report.rejected()).filteredOn(r -> r.id().equals("GHSA-no-modified")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("modified: required"));
        assertThat(found(store, LOG4J)).extracting(OsvRecord::id)
                .containsExactlyInAnyOrder("GHSA-1", "PYSEC-1");

        // the same archive again changes nothing
        assertThat(importer(SMALL).importZip(uri("/Maven/all.zip")).unchanged()).isEqualTo(3);
    }

    @Test
    void importsZipFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("all.zip");
        Files.write(file, zip(Map.of("A.json", json(record("A", "2024-01-01T00:00:00Z", LODASH)))));

        assertThat(importer(SMALL).importZip(file)).isEqualTo(new ImportReport(1, 0, 0, List.of()));
        assertThat(found(store, LODASH)).extracting(OsvRecord::id).containsExactly("A");
    }

    @Test
    void importsDirectoryWithoutFollowingLinks(@TempDir Path dir, @TempDir Path outside) throws IOException {
        Files.createDirectories(dir.resolve("advisories/2024"));
        Files.write(dir.resolve("advisories/2024/GHSA-1.json"), json(record("GHSA-1", "2024-01-01T00:00:00Z", LODASH)));
        Files.write(dir.resolve("advisories/GHSA-2.json"), json(record("GHSA-2", "2024-01-01T00:00:00Z", LODASH)));
        Files.write(dir.resolve("advisories/broken.json"), NOT_JSON);
        Files.write(dir.resolve("advisories/notes.md"), "ignored".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("huge.json"), new byte[(int) SMALL.maxRecordBytes() + 1]);
        Path elsewhere = outside.resolve("GHSA-3.json");
        Files.write(elsewhere, json(record("GHSA-3", "2024-01-01T00:00:00Z", LODASH)));
        Files.createSymbolicLink(dir.resolve("advisories/GHSA-3.json"), elsewhere);

        ImportReport report = importer(SMALL).importDirectory(dir);

        assertThat(report.inserted()).isEqualTo(2);
        assertThat(report.rejected()).extracting(ImportReport.Rejected::id)
                .containsExactlyInAnyOrder(Path.of("advisories/broken.json").toString(), "huge.json");
        assertThat(found(store, LODASH)).extracting(OsvRecord::id)
                .containsExactlyInAnyOrder("GHSA-1", "GHSA-2");
    }

    @Test
    void sameIdInTwoFilesKeepsTheNewestAndOnlyItsPackages(@TempDir Path dir) throws IOException {
        // more than a batch in between, so the two copies are stored by different statements
        for (int i = 0; i < AdvisoryStore.BATCH * 2; i++) {
            Files.write(dir.resolve("filler-" + i + ".json"),
                    json(record("F-" + i, "2024-01-01T00:00:00Z", new PackageKey("npm", "filler-" + i))));
        }
        Files.write(dir.resolve("a-old.json"), json(record("DUP-1", "2024-01-01T00:00:00Z", LODASH)));
        Files.write(dir.resolve("z-new.json"), json(record("DUP-1", "2024-06-01T00:00:00Z", REQUESTS)));

        ImportReport report = importer(SMALL).importDirectory(dir);

        assertThat(report.inserted() + report.updated()).isEqualTo(AdvisoryStore.BATCH * 2 + 2);
        assertThat(found(store, LODASH)).isEmpty();
        assertThat(found(store, REQUESTS)).singleElement()
                .satisfies(r -> assertThat(r.modified()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z")));
    }

    @Test
    void incrementalListingFetchesNewerRecordsAndStopsAtTheFirstOlderLine() {
        served.put("/Maven/GHSA-c.json", json(record("GHSA-c", "2024-03-03T00:00:00Z", LOG4J)));
        served.put("/npm/GHSA-b.json", json(record("GHSA-b", "2024-03-02T00:00:00Z", LODASH)));
        served.put("/PyPI/PYSEC-bad.json", MISSING_MODIFIED);
        served.put("/PyPI/PYSEC-old.json", json(record("PYSEC-old", "2024-02-01T00:00:00Z", REQUESTS)));
        served.put("/PyPI/PYSEC-older.json", json(record("PYSEC-older", "2024-01-01T00:00:00Z", REQUESTS)));
        served.put("/modified_id.csv", """
                2024-03-03T00:00:00Z,Maven/GHSA-c
                2024-03-02T00:00:00Z,npm/GHSA-b
                2024-03-01T00:00:00Z,PyPI/PYSEC-gone
                2024-03-01T00:00:00Z,PyPI/PYSEC-bad
                2024-02-01T00:00:00Z,PyPI/PYSEC-old
                2024-01-01T00:00:00Z,PyPI/PYSEC-older
                """.getBytes(StandardCharsets.UTF_8));

        OsvImporter.Incremental first = importer(SMALL)
                .importModifiedSince(uri("/modified_id.csv"), Instant.parse("2024-03-01T00:00:00Z"));

        assertThat(first.report().inserted()).isEqualTo(2);
        assertThat(first.report().rejected()).extracting(ImportReport.Rejected::id)
                .containsExactlyInAnyOrder("PyPI/PYSEC-gone", "GHSA-no-modified");
        assertThat(first.report().rejected()).filteredOn(r -> r.id().equals("PyPI/PYSEC-gone")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("HTTP 404"));
        assertThat(first.watermark()).isEqualTo(Instant.parse("2024-03-03T00:00:00Z"));
        assertThat(requests).doesNotContainKeys("/PyPI/PYSEC-old.json", "/PyPI/PYSEC-older.json");
        assertThat(found(store, LOG4J, LODASH, REQUESTS)).extracting(OsvRecord::id)
                .containsExactlyInAnyOrder("GHSA-c", "GHSA-b");

        // next run from the watermark: only the line at the watermark is fetched again, and it is unchanged
        OsvImporter.Incremental second = importer(SMALL).importModifiedSince(uri("/modified_id.csv"),
                first.watermark());
        assertThat(second.report()).isEqualTo(new ImportReport(0, 0, 1, List.of()));
        assertThat(requests.get("/npm/GHSA-b.json")).hasValue(1);
    }

    @Test
    void ecosystemListingNamesRecordsRelativeToItself() {
        served.put("/npm/GHSA-b.json", json(record("GHSA-b", "2024-03-02T00:00:00Z", LODASH)));
        served.put("/npm/modified_id.csv", "2024-03-02T00:00:00Z,GHSA-b\n".getBytes(StandardCharsets.UTF_8));

        OsvImporter.Incremental result = importer(SMALL).importModifiedSince(uri("/npm/modified_id.csv"),
                Instant.EPOCH);

        assertThat(result.report().inserted()).isEqualTo(1);
    }

    @Test
    void listingWithBadTimeIsMalformed() {
        served.put("/modified_id.csv", "last tuesday,npm/GHSA-b\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> importer(SMALL).importModifiedSince(uri("/modified_id.csv"), Instant.EPOCH))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT))
                .hasMessageContaining("line 1");
    }

    @Test
    void listingLineWithoutEndIsRefused() {
        byte[] endless = new byte[64 << 10];
        java.util.Arrays.fill(endless, (byte) '2');
        served.put("/modified_id.csv", endless);

        assertThatThrownBy(() -> importer(SMALL).importModifiedSince(uri("/modified_id.csv"), Instant.EPOCH))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT))
                .hasMessageContaining("line 1: longer than");
    }

    @Test
    void zipBombEntryIsRefused() throws IOException {
        // 4 MiB of zeros deflates to about 4 KiB: the entry limit stops it, not the download limit
        byte[] bomb = zip(Map.of("GHSA-bomb.json", new byte[4 << 20]));
        assertThat(bomb.length).isLessThan((int) SMALL.maxRecordBytes());
        served.put("/bomb.zip", bomb);

        assertLimit(() -> importer(SMALL).importZip(uri("/bomb.zip")), "GHSA-bomb.json");
    }

    @Test
    void archiveInflatingPastTheTotalIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            entries.put("R-" + i + ".json", new byte[60 << 10]); // each under the record limit, together over
        }
        served.put("/big.zip", zip(entries));

        assertLimit(() -> importer(SMALL).importZip(uri("/big.zip")), "inflates past " + SMALL.maxTotalBytes());
    }

    @Test
    void aSkippedNonJsonEntryCountsWhatItInflates() throws IOException {
        // skipped entries are inflated all the same to reach the next one: 4 MiB of zeros in "bomb.bin"
        served.put("/skip.zip", zip(Map.of("bomb.bin", new byte[4 << 20])));

        assertLimit(() -> importer(SMALL).importZip(uri("/skip.zip")), "inflates past " + SMALL.maxTotalBytes());
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i <= SMALL.maxRecords(); i++) {
            entries.put("R-" + i + ".txt", new byte[0]);
        }
        served.put("/many.zip", zip(entries));

        assertLimit(() -> importer(SMALL).importZip(uri("/many.zip")), "more than 100 entries");
    }

    @Test
    void downloadLargerThanTheLimitIsRefused() {
        served.put("/huge.zip", new byte[(int) SMALL.maxDownloadBytes() + 1]);

        assertLimit(() -> importer(SMALL).importZip(uri("/huge.zip")), "more than " + SMALL.maxDownloadBytes());
    }

    @Test
    void missingOrNonZipSourceFails() {
        served.put("/error.html", "<html>try later</html>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> importer(SMALL).importZip(uri("/absent.zip")))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE))
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> importer(SMALL).importZip(uri("/error.html")))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.MALFORMED_INPUT));
        assertThatThrownBy(() -> importer(SMALL).importZip(URI.create("ftp://localhost/all.zip")))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNSUPPORTED));
    }

    @Test
    void storeFailureFailsTheImport() throws IOException {
        served.put("/all.zip", zip(Map.of("A.json", json(record("A", "2024-01-01T00:00:00Z", LODASH)))));
        database.pool().closeAndAwait();

        assertThatThrownBy(() -> importer(SMALL).importZip(uri("/all.zip")))
                .isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.UNAVAILABLE))
                .hasMessageContaining("advisory store unavailable");
    }

    private OsvImporter importer(ImportLimits limits) {
        return new OsvImporter(store, limits);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static byte[] json(OsvRecord record) {
        return OsvJson.write(record);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void assertLimit(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PharosException.class,
                        e -> assertThat(e.kind()).isEqualTo(PharosException.Kind.LIMIT_EXCEEDED))
                .hasMessageContaining(message);
    }
}
