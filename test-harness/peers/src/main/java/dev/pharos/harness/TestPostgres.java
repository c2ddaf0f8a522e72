package dev.pharos.harness;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM; every test class takes a fresh database from it with
 * {@link #createDatabase(String)}, so tests never see each other's rows and no cleanup is needed.
 * <p>
 * Where the server comes from, first match wins: {@code PHAROS_TEST_DB_URL}
 * ({@code jdbc:postgresql://host:port/db?user=..&password=..}, used as is), a Testcontainers container when a Docker
 * engine answers, else an embedded server (zonky binaries) whose log goes to {@code target/pharos-peers/}.
 */
public final class TestPostgres {
    private static TestPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final PostgresServer server;

    private TestPostgres(PostgresServer server) {
        this.server = server;
    }

    /** The JVM-wide server, started on first use and stopped by a shutdown hook. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            PostgresServer server = chooseServer();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pharos-postgres-stop"));
            shared = new TestPostgres(server);
        }
        return shared;
    }

    private static PostgresServer chooseServer() {
        String url = System.getenv("PHAROS_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        return Docker.available() ? new ContainerPostgres() : new EmbeddedPostgresServer();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** Creates a new empty database named {@code <prefix>_<n>_<random>} and returns that name. */
    public String createDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = clean.substring(0, Math.min(clean.length(), 40)) + "_" + DATABASES.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        if (!Character.isLetter(name.charAt(0))) {
            name = "db_" + name;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(server.adminDatabase()), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + host() + ":" + port(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** The same database for the Vert.x reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** Whether {@link #stop()} and {@link #start()} work: only for the embedded server. */
    public boolean restartable() {
        return server instanceof EmbeddedPostgresServer;
    }

    /** Stops the server, keeping its data; for chaos tests. Only the embedded server supports it. */
    public void stop() {
        server.stop();
    }

    /** Starts the server again on the same port with the same data. Only the embedded server supports it. */
    public void start() {
        server.start();
    }

    private static PostgresServer external(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("PHAROS_TEST_DB_URL must look like "
                    + "jdbc:postgresql://host:port/db?user=..&password=.., got " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new ExternalPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                query.getOrDefault("user", "postgres"), query.getOrDefault("password", ""), database);
    }

    /** What the three ways of getting a server have in common. */
    interface PostgresServer {
        String host();

        int port();

        String user();

        String password();

        /** An existing database to connect to for CREATE DATABASE. */
        String adminDatabase();

        void start();

        void stop();

        /** Final stop at JVM exit: also removes data. */
        void close();
    }

    /** A server someone else runs (PHAROS_TEST_DB_URL): never started or stopped by us. */
    record ExternalPostgres(String host, int port, String user, String password, String adminDatabase)
            implements PostgresServer {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException("cannot stop the external server of PHAROS_TEST_DB_URL");
        }

        @Override
        public void close() {
        }
    }
}
