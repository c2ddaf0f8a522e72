package dev.pharos.harness;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TestPostgresTest {
    private final TestPostgres postgres = TestPostgres.shared();

    @Test
    void aFreshDatabaseRunsSql() throws SQLException {
        String database = postgres.createDatabase("Harness-Test");
        assertThat(database).startsWith("harness_test_").matches("[a-z0-9_]+");

        try (Connection connection = connect(database); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE image (digest text PRIMARY KEY, layers int NOT NULL)");
            sql.execute("INSERT INTO image VALUES ('sha256:abc', 3) ON CONFLICT (digest) DO UPDATE SET layers = 3");
            try (ResultSet rows = sql.executeQuery("SELECT current_database(), layers FROM image")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(database);
                assertThat(rows.getInt(2)).isEqualTo(3);
            }
        }
    }

    @Test
    void databasesAreIsolatedFromEachOther() throws SQLException {
        String first = postgres.createDatabase("iso");
        String second = postgres.createDatabase("iso");
        assertThat(first).isNotEqualTo(second);
        try (Connection connection = connect(first); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection connection = connect(second); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void restartKeepsDataAndPort() throws SQLException {
        assumeTrue(postgres.restartable(), "only the embedded server can be restarted");
        String database = postgres.createDatabase("restart");
        try (Connection connection = connect(database); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE survivor (name text); INSERT INTO survivor VALUES ('still here')");
        }
        int port = postgres.port();

        postgres.stop();
        try {
            assertThatThrownBy(() -> connect(database).close()).isInstanceOf(SQLException.class);
        } finally {
            postgres.start();
        }

        assertThat(postgres.port()).isEqualTo(port);
        try (Connection connection = connect(database); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT name FROM survivor")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    /** pg_ctl daemonizes the postmaster, so a kill -9 of its JVM leaves it running until the next start reaps it. */
    @Test
    void theNextStartReapsAPostmasterLeftByAKilledJvm() throws Exception {
        assumeTrue(postgres.restartable(), "only the embedded server runs a local postmaster");
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresOrphanProbe.class.getName()).redirectErrorStream(true).start();
        long postmaster;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("postmaster-pid "));
            assertThat(line).as("the probe JVM reports its postmaster").isNotNull();
            postmaster = Long.parseLong(line.substring("postmaster-pid ".length()));
        } finally {
            jvm.destroyForcibly();
        }
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("orphaned postmaster").contains(true);
        Path orphanHome = Peers.workDir().resolve("postgres-" + jvm.pid());

        EmbeddedPostgresServer.reapOrphans();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(postmaster).map(h -> !h.isAlive()).orElse(true));
        assertThat(orphanHome).doesNotExist();
        assertThat(Peers.workDir().resolve("postgres-" + ProcessHandle.current().pid())).isDirectory();
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }
}
