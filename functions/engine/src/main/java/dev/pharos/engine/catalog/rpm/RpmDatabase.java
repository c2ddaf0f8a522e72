package dev.pharos.engine.catalog.rpm;

import dev.pharos.engine.catalog.CatalogException;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
     * nor create them, nor lock.
     */
    static List<Row> headers(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1";
        try (Connection connection = config.createConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT hnum, blob FROM Packages")) {
            List<Row> headers = new ArrayList<>();
            while (rows.next()) {
                byte[] blob = rows.getBytes(2);
                headers.add(new Row(rows.getLong(1), blob == null ? new byte[0] : blob));
            }
            return headers;
        } catch (SQLException e) {
            throw new CatalogException("not a readable rpm sqlite database: " + e.getMessage(), e);
        }
    }
}
