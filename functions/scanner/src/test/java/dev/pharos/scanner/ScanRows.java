package dev.pharos.scanner;

import dev.pharos.scanner.store.Db;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Reading what the scanner wrote, straight from the tables. */
final class ScanRows {
    private final Db db;

    ScanRows(Db db) {
        this.db = db;
    }

    Row scan(UUID id) {
        return db.rows("SELECT * FROM scan WHERE id = $1", Tuple.of(id)).getFirst();
    }

    List<Row> scansOf(String repository) {
        return db.rows("SELECT * FROM scan WHERE repository = $1 ORDER BY requested_at", Tuple.of(repository));
    }

    Row image(String digest) {
        return db.rows("SELECT * FROM image WHERE digest = $1", Tuple.of(digest)).getFirst();
    }

    List<Row> findings(String digest) {
        return db.rows("SELECT * FROM finding WHERE image_digest = $1 ORDER BY vulnerability_id, package_purl",
                Tuple.of(digest));
    }

    /** {@code vulnerability_id package_name} of the open findings. */
    Set<String> openFindings(String digest) {
        Set<String> open = new TreeSet<>();
        db.rows("SELECT vulnerability_id, package_name FROM finding WHERE image_digest = $1 AND resolved_at IS NULL",
                Tuple.of(digest)).forEach(row -> open.add(row.getString("vulnerability_id") + " "
                + row.getString("package_name")));
        return open;
    }

    /** Waits until {@code count} scans of the repository are running (their deliveries are in the scanner). */
    void awaitRunning(String repository, int count) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (count("SELECT count(*) FROM scan WHERE repository = $1 AND status = 'running'", repository) == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(count + " scans of " + repository + " never ran at once");
    }

    long count(String sql, Object... arguments) {
        return db.rows(sql, Tuple.from(List.of(arguments))).getFirst().getLong(0);
    }
}
