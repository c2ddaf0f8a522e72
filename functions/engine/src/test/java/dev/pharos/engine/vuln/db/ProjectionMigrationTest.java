package dev.pharos.engine.vuln.db;

import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.harness.TestPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.pharos.engine.vuln.db.Advisories.head;
import static dev.pharos.engine.vuln.db.Advisories.record;
import static dev.pharos.engine.vuln.db.Advisories.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations V7 and V8 on a database imported before them: every package row gets the projection the import now
 * writes, withdrawn advisories lose their package rows, and the records lose their entries (kept only in the package
 * rows), as a fresh import stores them.
 */
class ProjectionMigrationTest {
    private static final PackageKey LOG4J = new PackageKey("Maven", "org.apache.logging.log4j:log4j-core");
    private static final PackageKey OPENSSL = new PackageKey("Debian:11", "openssl");

    @Test
    void rowsImportedBeforeV7GetWhatAFreshImportWrites() throws SQLException {
        OsvRecord twoPackages = record("P-1", "2024-01-01T00:00:00Z", LOG4J, OPENSSL, LOG4J);
        OsvRecord pypi = record("P-2", "2024-01-01T00:00:00Z", new PackageKey("PyPI", "Jinja_2.Ext"),
                new PackageKey("PyPI", "requests"));
        OsvRecord gone = withdrawn("P-3", "2024-01-01T00:00:00Z", OPENSSL);
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("v7");
        String url = postgres.jdbcUrl(database);
        Flyway.configure().dataSource(url, postgres.user(), postgres.password()).locations("classpath:db/migration")
                .target("4").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
            for (OsvRecord record : List.of(twoPackages, pypi, gone)) {
                importAsBeforeV7(connection, record);
            }
        }

        Flyway.configure().dataSource(url, postgres.user(), postgres.password()).locations("classpath:db/migration")
                .load().migrate();

        Vertx vertx = Vertx.vertx();
        Pool pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                        .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password()))
                .using(vertx.getDelegate()).build());
        try {
            AdvisoryStore store = new AdvisoryStore(pool, Duration.ofSeconds(30));
            List<PackageKey> keys = List.of(LOG4J, OPENSSL, PackageKey.of("PyPI", "jinja-2-ext"),
                    PackageKey.of("PyPI", "requests"));
            List<AdvisoryCandidate> expected = new java.util.ArrayList<>(AdvisoryCandidate.of(twoPackages));
            expected.addAll(AdvisoryCandidate.of(pypi));
            List<AdvisoryCandidate> migrated = store.read(reader -> reader.candidates(keys));
            assertThat(migrated).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(expected).hasSize(4);
            List<OsvRecord> records = store.read(reader -> reader.records(List.of("P-1", "P-2", "P-3")));
            assertThat(records).containsExactlyInAnyOrder(head(twoPackages), head(pypi));
            assertThat(pool.query("SELECT count(*) AS n FROM advisory WHERE record ? 'affected'").execute()
                    .await().atMost(Duration.ofSeconds(30)).iterator().next().getLong("n")).isZero();
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    /** What the import did before V7: the record as jsonb and one bare package row per package, withdrawn or not. */
    private static void importAsBeforeV7(Connection connection, OsvRecord record) throws SQLException {
        try (PreparedStatement advisory = connection.prepareStatement(
                "INSERT INTO advisory (id, modified, withdrawn, record) VALUES (?, ?, ?, ?::jsonb)");
             PreparedStatement pkg = connection.prepareStatement(
                     "INSERT INTO advisory_package (ecosystem, name, advisory_id) VALUES (?, ?, ?)")) {
            advisory.setString(1, record.id());
            advisory.setTimestamp(2, Timestamp.from(record.modified()));
            advisory.setTimestamp(3, record.withdrawn().map(Timestamp::from).orElse(null));
            advisory.setString(4, new String(OsvJson.write(record), StandardCharsets.UTF_8));
            advisory.executeUpdate();
            Set<PackageKey> keys = new LinkedHashSet<>();
            record.affected().forEach(entry -> keys.add(PackageKey.of(entry.pkg().ecosystem(), entry.pkg().name())));
            for (PackageKey key : keys) {
                pkg.setString(1, key.ecosystem());
                pkg.setString(2, key.name());
                pkg.setString(3, record.id());
                pkg.executeUpdate();
            }
        }
    }
}
