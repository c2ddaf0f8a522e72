package dev.pharos.harness;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container: used when a Docker engine answers. */
final class ContainerPostgres implements TestPostgres.PostgresServer {
    /** fsync off: tests want speed, not durability; many connections: every Quarkus test app brings a pool. */
    private final PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine")
            .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String adminDatabase() {
        return container.getDatabaseName();
    }

    @Override
    public void start() {
        if (!container.isRunning()) {
            container.start();
        }
    }

    @Override
    public void stop() {
        // A restarted container gets a new mapped port, which would break every URL handed out so far.
        throw new UnsupportedOperationException("stop/start needs the embedded server: run with PHAROS_TEST_PEERS=process");
    }

    @Override
    public void close() {
        container.stop();
    }
}
