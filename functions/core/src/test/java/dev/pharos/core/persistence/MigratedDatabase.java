package dev.pharos.core.persistence;

import dev.pharos.harness.TestPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * A fresh, migrated database on the shared test PostgreSQL and a reactive pool on it: the real store, with the
 * project's own migrations, as every function uses it. Shared by tests of other modules through the test-jar.
 */
public final class MigratedDatabase implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final String database;
    private final Pool pool;

    public MigratedDatabase() {
        TestPostgres postgres = TestPostgres.shared();
        this.database = postgres.createDatabase("core");
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        PgConnectOptions connect = new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password());
        this.pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(connect).using(vertx.getDelegate()).build());
    }

    public Pool pool() {
        return pool;
    }

    public String database() {
        return database;
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }
}
