package dev.pharos.scanner;

import dev.pharos.harness.CapturingSink;
import dev.pharos.harness.DistributionRegistry;
import dev.pharos.harness.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The scanner under test: a fresh database on the real test PostgreSQL, a capturing broker, SBOMs in a temporary
 * directory, a real distribution registry (when installed), a low decompression limit so that a hostile image
 * can exceed it cheaply, and small concurrency and rematch batch bounds that tests can reach.
 */
public class ScannerTestResource implements QuarkusTestResourceLifecycleManager {
    /** Small enough for a test's zero-filled layer to exceed, far above every real test image. */
    public static final long MAX_UNCOMPRESSED = 64L << 20;

    public static final int MAX_CONCURRENT_SCANS = 2;
    public static final int REMATCH_BATCH = 2;

    private static CapturingSink sink;
    private static DistributionRegistry registry;
    private static Path sboms;
    private static String database;

    public static CapturingSink sink() {
        return sink;
    }

    /** The registry, when the peer is installed; tests call {@code Peers.require} first. */
    public static Optional<DistributionRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    public static Path sboms() {
        return sboms;
    }

    public static String database() {
        return database;
    }

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        database = postgres.createDatabase("scanner");
        sink = CapturingSink.start();
        if (DistributionRegistry.available()) {
            registry = DistributionRegistry.start(new DistributionRegistry.Auth.None());
        }
        try {
            sboms = Files.createTempDirectory("pharos-sboms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("pharos.events.sink", sink.uri().toString());
        config.put("pharos.events.timeout", "2s");
        config.put("pharos.scanner.sbom.directory", sboms.toString());
        config.put("pharos.scanner.database-timeout", "5s");
        config.put("pharos.engine.limits.max-uncompressed-bytes", String.valueOf(MAX_UNCOMPRESSED));
        // One configuration for every test class: a profile would restart the application, and the harness's
        // embedded PostgreSQL cannot be started twice in one JVM.
        config.put("pharos.scanner.max-concurrent-scans", String.valueOf(MAX_CONCURRENT_SCANS));
        config.put("pharos.scanner.rematch.batch-size", String.valueOf(REMATCH_BATCH));
        return config;
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
