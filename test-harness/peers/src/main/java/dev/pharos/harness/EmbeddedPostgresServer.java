package dev.pharos.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL from zonky's embedded binaries, data and log under {@code target/pharos-peers/postgres-<pid>/}.
 * <p>
 * As root, zonky itself prefixes initdb and pg_ctl with {@code unshare -U} (a user namespace where the process is
 * not uid 0), because PostgreSQL refuses to run as root. pg_ctl daemonizes the postmaster, so a JVM killed with
 * {@code kill -9} cannot stop it: each start therefore first reaps servers left by dead JVMs (see {@link #reapOrphans()}).
 */
final class EmbeddedPostgresServer implements TestPostgres.PostgresServer {
    private final Path home = Peers.workDir().resolve("postgres-" + ProcessHandle.current().pid());
    private final Path log = home.resolve("postgres.log");
    private final int port = Peers.freeLoopbackPort();
    private EmbeddedPostgres postgres;

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return "postgres";
    }

    /** Authentication is {@code trust}: any password works; a non-empty one keeps config validators quiet. */
    @Override
    public String password() {
        return "postgres";
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            reapOrphans();
            Files.createDirectories(home);
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(home.resolve("data"))
                    .setCleanDataDirectory(false) // keep data across stop()/start()
                    .setRegisterShutdownHook(false) // ours also deletes the data
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start on port " + port + "\n--- last lines of "
                    + log + " ---\n" + tail(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteTree(home);
        }
    }

    /** Kills postmasters whose owning JVM is gone and deletes their data (PostgreSQL has no parent-death signal). */
    static void reapOrphans() throws IOException {
        try (Stream<Path> homes = Files.list(Peers.workDir())) {
            for (Path dir : homes.filter(p -> p.getFileName().toString().startsWith("postgres-")).toList()) {
                if (ownerAlive(dir)) {
                    continue;
                }
                Path pidFile = dir.resolve("data").resolve("postmaster.pid");
                if (Files.isRegularFile(pidFile)) {
                    List<String> lines = Files.readAllLines(pidFile);
                    if (!lines.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                                .filter(EmbeddedPostgresServer::isPostgres) // the pid may have been reused since
                                .ifPresent(EmbeddedPostgresServer::killAndWait);
                    }
                }
                deleteTree(dir);
            }
        }
    }

    /** The directory is named after the JVM that owns it: {@code postgres-<pid>}. */
    private static boolean ownerAlive(Path dir) {
        try {
            long owner = Long.parseLong(dir.getFileName().toString().substring("postgres-".length()));
            return ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not one of ours: leave it alone
        }
    }

    /** Kills the postmaster and its backends and waits, so that deleting the data directory does not race them. */
    private static void killAndWait(ProcessHandle postmaster) {
        List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover directory under target/ is harmless and reaped by the next run
        }
    }
}
