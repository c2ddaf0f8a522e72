package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogException;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * rpm's SQLite database (rpm 4.16+, {@code rpmdb.sqlite}): table {@code Packages(hnum, blob)}, one header blob
 * per installed package; the other tables are indexes that this reader does not need.
 */
final class RpmDatabase {
    private RpmDatabase() {
    }

    /** A header and its row number, for error messages. */
    record Row(long hnum, byte[] blob) {
    }

    /**
     * Opens the file read-only and {@code immutable} (SQLite URI parameter): rpm leaves its databases in WAL
     * mode, and an image's copy has no {@code -shm}/{@code -wal} companions here, so SQLite must neither look for
     * nor create them, nor lock. Rows are handed over one by one, so a large database is never all in memory.
     */
    static void forEachHeader(Path file, Consumer<Row> action) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1";
        try (Connection connection = config.createConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT hnum, blob FROM Packages")) {
            while (rows.next()) {
                byte[] blob = rows.getBytes(2);
                action.accept(new Row(rows.getLong(1), blob == null ? new byte[0] : blob));
            }
        } catch (SQLException e) {
            throw new CatalogException("not a readable rpm sqlite database: " + e.getMessage(), e);
        }
    }
}
