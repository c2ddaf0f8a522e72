package dev.pharos.harness.bench;

import dev.pharos.engine.ScanLimits;
import dev.pharos.engine.analysis.ImageAnalyzer;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.analysis.PostgresLayerCache;
import dev.pharos.engine.catalog.Catalogers;
import dev.pharos.engine.source.Platform;
import dev.pharos.engine.source.layout.OciLayoutSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The engine bench's measured process: analyses images of an OCI layout one after another with the PostgreSQL
 * layer cache, and prints each analysis's wall time and, at the end, its own peak RSS. Its own JVM, so the RSS is
 * the scanner's and not the bench's image generator's.
 * <p>
 * Arguments: {@code <layout> <db host> <db port> <database> <user> <password> <tag>...}
 */
public final class EngineScan {
    private EngineScan() {
    }

    public static void main(String[] args) throws Exception {
        Path layout = Path.of(args[0]);
        PgConnectOptions connect = new PgConnectOptions().setHost(args[1]).setPort(Integer.parseInt(args[2]))
                .setDatabase(args[3]).setUser(args[4]).setPassword(args[5]);
        Vertx vertx = Vertx.vertx();
        Pool pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect)
                .using(vertx.getDelegate()).build());
        try {
            ImageAnalyzer analyzer = new ImageAnalyzer(Catalogers.discover(),
                    new PostgresLayerCache(pool, Duration.ofSeconds(30)), ScanLimits.defaults());
            for (String tag : List.of(args).subList(6, args.length)) {
                long start = System.nanoTime();
                Inventory inventory;
                try (OciLayoutSource source = new OciLayoutSource(layout, java.util.Optional.of(tag), Platform.LINUX_AMD64,
                        ScanLimits.defaults())) {
                    inventory = analyzer.analyze(source);
                }
                System.out.printf("scan %s: %.1f ms, %d layers, %d packages, %d unknowns%n", tag,
                        (System.nanoTime() - start) / 1e6, inventory.layers().size(), inventory.packages().size(),
                        inventory.unknowns().size());
            }
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
        System.out.println("peak RSS: " + peakRss());
    }

    /** {@code VmHWM} of {@code /proc/self/status}: the resident set's high-water mark (proc(5)). */
    private static String peakRss() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> line.substring("VmHWM:".length()).trim())
                .findFirst().orElse("unknown (no /proc/self/status)");
    }
}
