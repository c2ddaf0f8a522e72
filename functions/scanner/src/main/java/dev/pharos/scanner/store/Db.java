package dev.pharos.scanner.store;

import dev.pharos.core.error.PharosException;
import dev.pharos.scanner.ScannerConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Blocking access to the reactive pool for the scanner's worker threads (a scan is long blocking work: Funqy runs
 * it off the event loop). Every failure becomes a {@link PharosException}: the server or the network gone is
 * {@code UNAVAILABLE} (the delivery is retried), an SQL error is {@code INTERNAL}.
 */
@ApplicationScoped
public class Db {
    private final Pool pool;
    private final Duration timeout;

    public Db(Pool pool, ScannerConfig config) {
        this.pool = pool;
        this.timeout = config.databaseTimeout();
    }

    public Pool pool() {
        return pool;
    }

    public Duration timeout() {
        return timeout;
    }

    public List<Row> rows(String sql, Tuple arguments) {
        return rows(pool, sql, arguments);
    }

    /** Runs the work in one transaction on one connection, committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(Work<T> work) {
        SqlConnection connection = call(() -> pool.getConnection().await().atMost(timeout));
        try {
            Transaction transaction = call(() -> connection.begin().await().atMost(timeout));
            T result;
            try {
                result = work.run(new Tx(connection));
            } catch (RuntimeException e) {
                rollback(transaction);
                throw e;
            }
            call(() -> transaction.commit().await().atMost(timeout));
            return result;
        } finally {
            close(connection);
        }
    }

    /** Before the connection goes back to the pool; when the server is gone, so is the transaction. */
    private void rollback(Transaction transaction) {
        try {
            transaction.rollback().await().atMost(timeout);
        } catch (RuntimeException alreadyGone) {
            // nothing left to roll back
        }
    }

    /** A connection whose server went away is already closed; there is nothing to report beyond the first error. */
    static void close(SqlConnection connection) {
        try {
            connection.closeAndAwait();
        } catch (RuntimeException alreadyGone) {
            // the pool discards broken connections itself
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    /** Statements inside one transaction. */
    public final class Tx {
        private final SqlConnection connection;

        private Tx(SqlConnection connection) {
            this.connection = connection;
        }

        public List<Row> rows(String sql, Tuple arguments) {
            return Db.this.rows(connection, sql, arguments);
        }

        public void batch(String sql, List<Tuple> arguments) {
            if (!arguments.isEmpty()) {
                call(() -> connection.preparedQuery(sql).executeBatch(arguments).await().atMost(timeout));
            }
        }
    }

    private List<Row> rows(SqlClient client, String sql, Tuple arguments) {
        return call(() -> {
            List<Row> rows = new ArrayList<>();
            client.preparedQuery(sql).execute(arguments).await().atMost(timeout).forEach(rows::add);
            return rows;
        });
    }

    static <T> T call(Supplier<T> statement) {
        try {
            return statement.get();
        } catch (PharosException e) {
            throw e;
        } catch (PgException e) {
            throw fromServer(e);
        } catch (RuntimeException e) {
            throw new PharosException(PharosException.Kind.UNAVAILABLE, "database unavailable: " + e, e);
        }
    }

    /**
     * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention, e.g. shutdown) and
     * 40 (serialization failure, deadlock) may succeed later; anything else is a bug in a statement.
     */
    private static PharosException fromServer(PgException e) {
        String state = e.getSqlState() == null ? "" : e.getSqlState();
        boolean transientState = state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40");
        return new PharosException(transientState ? PharosException.Kind.UNAVAILABLE : PharosException.Kind.INTERNAL,
                (transientState ? "database unavailable: " : "database statement failed: ") + e.getMessage(), e);
    }
}
