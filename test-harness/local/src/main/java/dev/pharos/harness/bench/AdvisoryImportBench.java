package dev.pharos.harness.bench;

import dev.pharos.engine.analysis.ImagePackage;
import dev.pharos.engine.analysis.Inventory;
import dev.pharos.engine.catalog.FoundPackage;
import dev.pharos.engine.catalog.OsRelease;
import dev.pharos.engine.catalog.PackageType;
import dev.pharos.engine.catalog.SourcePackage;
import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;
import dev.pharos.engine.vuln.match.NativeMatcher;
import dev.pharos.engine.vuln.osv.OsvAffected;
import dev.pharos.engine.vuln.osv.OsvEvent;
import dev.pharos.engine.vuln.osv.OsvJson;
import dev.pharos.engine.vuln.osv.OsvPackage;
import dev.pharos.engine.vuln.osv.OsvRange;
import dev.pharos.engine.vuln.osv.OsvRecord;
import dev.pharos.engine.vuln.osv.OsvSeverity;
import dev.pharos.harness.TestPostgres;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

import jdk.jfr.Recording;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Imports a generated {@code all.zip} of synthetic OSV advisories (varied ecosystems with releases, 1-3 affected
 * entries, 1-2 ranges, some explicit versions) through {@link OsvImporter} into a fresh, migrated database on the
 * harness PostgreSQL, and prints advisories per second (target: 20,000/s), then the time of matching a 2,000-package
 * inventory. A second import of the same archive measures the all-unchanged path.
 * Options: {@code --advisories N} (500000), {@code --seed N} (1), {@code --match-runs N} (10),
 * {@code --warm-up N} (10), {@code --jfr FILE} (record the match runs).
 */
public final class AdvisoryImportBench {
    private static final String[] ECOSYSTEMS = {"Debian:10", "Debian:11", "Debian:12", "Alpine:v3.18",
        "Alpine:v3.19", "Ubuntu:22.04:LTS", "Maven", "npm", "PyPI", "Go", "crates.io", "RubyGems", "NuGet",
        "Packagist"};
    private static final int NAMES_PER_ECOSYSTEM = 20_000;

    private AdvisoryImportBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int advisories = Integer.parseInt(option(options, "--advisories", "500000"));
        long seed = Long.parseLong(option(options, "--seed", "1"));
        int runs = Integer.parseInt(option(options, "--match-runs", "10"));
        int warmUp = Integer.parseInt(option(options, "--warm-up", "10"));
        Path work = Files.createTempDirectory("pharos-bench-advisories-");
        Path zip = work.resolve("all.zip");
        System.out.printf("advisory import bench: %d cores, JDK %s, work dir %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), work);
        long generated = System.nanoTime();
        generate(zip, advisories, seed);
        System.out.printf("generated %d advisories, %.1f MB zip, in %.1f s%n", advisories, Files.size(zip) / 1e6,
                (System.nanoTime() - generated) / 1e9);

        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("bench");
        Flyway.configure().dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
        PgConnectOptions connect = new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password());
        Vertx vertx = Vertx.vertx();
        Pool pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(3)).connectingTo(connect)
                .using(vertx.getDelegate()).build());
        try {
            AdvisoryStore store = new AdvisoryStore(pool, Duration.ofMinutes(2));
            OsvImporter importer = new OsvImporter(store, ImportLimits.DEFAULTS);
            for (String run : List.of("first import", "re-import (all unchanged)")) {
                CpuTime.Reading before = CpuTime.now(pool);
                long start = System.nanoTime();
                ImportReport report = importer.importZip(zip);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %d inserted, %d updated, %d unchanged, %d rejected in %.1f s: %.0f advisories/s%n",
                        run, report.inserted(), report.updated(), report.unchanged(), report.rejected().size(),
                        seconds, advisories / seconds);
                System.out.printf("  %s%n", before.per(CpuTime.now(pool), advisories / 1_000, "1,000 advisories"));
            }
            matchInventory(store, pool, seed, warmUp, runs,
                    Optional.ofNullable(option(options, "--jfr", null)).map(Path::of));
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
            Files.deleteIfExists(zip);
            Files.deleteIfExists(work);
        }
    }

    /**
     * The matcher's figure (target: 2,000 packages against 500,000 advisories in under 100 ms): a Debian 12 image
     * with 1,000 OS packages and 1,000 Maven, npm, PyPI and Go packages, matched end to end (candidate lookup,
     * version comparison, hydration of the matched records, alias joining, CVSS), with the time of each step.
     * The first run (cold JIT) is printed, then the best and the median of {@code --match-runs} runs after
     * {@code --warm-up} runs (JIT compilation mostly done), as a scanner that stays up between events would see
     * them, and the CPU time per scan (JVM and PostgreSQL, the figure that does not depend on other jobs on the
     * machine). With {@code --jfr FILE} the runs are recorded
     * (execution samples every millisecond, allocation samples, GC) for {@code jfr print}.
     */
    private static void matchInventory(AdvisoryStore store, Pool pool, long seed, int warmUp, int runs,
                                       Optional<Path> jfr) throws IOException {
        Inventory inventory = inventory(seed);
        MatchBreakdown timed = new MatchBreakdown(store);
        NativeMatcher matcher = NativeMatcher.over(timed);
        List<MatchBreakdown.Steps> steps = new ArrayList<>();
        int findings = 0;
        CpuTime.Reading warmedUp = null;
        try (Recording recording = new Recording()) {
            if (jfr.isPresent()) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.enable("jdk.ObjectAllocationSample");
                recording.enable("jdk.GarbageCollection");
                recording.setDestination(jfr.get());
                recording.start();
            }
            for (int run = 0; run < warmUp + runs; run++) {
                warmedUp = run == warmUp ? CpuTime.now(pool) : warmedUp;
                timed.start();
                findings = matcher.scan(inventory).size();
                steps.add(timed.stop());
            }
        }
        System.out.printf("match of %d packages: %d findings; first run (cold) %s%n", inventory.packages().size(),
                findings, steps.getFirst());
        List<MatchBreakdown.Steps> warm = steps.subList(warmUp, steps.size()).stream()
                .sorted(Comparator.comparingDouble(MatchBreakdown.Steps::total)).toList();
        System.out.printf("  best of %d after %d warm-up runs: %s%n", warm.size(), warmUp, warm.getFirst());
        System.out.printf("  median of %d: %s%n", warm.size(), warm.get(warm.size() / 2));
        System.out.printf("  %s%n", warmedUp.per(CpuTime.now(pool), runs, "scan"));
    }

    private static Inventory inventory(long seed) {
        SplittableRandom random = new SplittableRandom(seed + 2);
        PackageType[] languages = {PackageType.MAVEN, PackageType.NPM, PackageType.PYPI, PackageType.GOLANG};
        List<ImagePackage> packages = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            PackageType type = i < 1_000 ? PackageType.DEB : languages[i % languages.length];
            String name = name(random.nextInt(NAMES_PER_ECOSYSTEM));
            String version = (type == PackageType.GOLANG ? "v" : "") + random.nextInt(10) + "." + random.nextInt(20)
                    + "." + random.nextInt(9);
            packages.add(new ImagePackage(new FoundPackage(type, name, version,
                    "pkg:" + type.purlType() + "/" + name + "@" + version,
                    type == PackageType.DEB ? Optional.of(new SourcePackage(name, version)) : Optional.empty(),
                    "bench"), Optional.empty()));
        }
        return new Inventory("bench", Optional.empty(), List.of(), Optional.of(new OsRelease("debian",
                "12", "Debian GNU/Linux 12", Optional.of("Debian:12"))), packages, List.of());
    }

    private static void generate(Path zip, int advisories, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
            out.setLevel(Deflater.BEST_SPEED);
            for (int i = 0; i < advisories; i++) {
                OsvRecord record = record(i, base.plusSeconds(random.nextLong(150_000_000L)), random);
                out.putNextEntry(new ZipEntry(record.id() + ".json"));
                out.write(OsvJson.write(record));
                out.closeEntry();
            }
        }
    }

    private static OsvRecord record(int number, Instant modified, SplittableRandom random) {
        String ecosystem = ECOSYSTEMS[random.nextInt(ECOSYSTEMS.length)];
        List<OsvAffected> affected = new ArrayList<>();
        int entries = 1 + random.nextInt(3);
        for (int e = 0; e < entries; e++) {
            List<OsvRange> ranges = new ArrayList<>();
            for (int r = 0, count = 1 + random.nextInt(2); r < count; r++) {
                int major = random.nextInt(10);
                ranges.add(new OsvRange(OsvRange.Type.ECOSYSTEM, List.of(
                        new OsvEvent(OsvEvent.Kind.INTRODUCED, r == 0 && random.nextBoolean() ? "0" : major + ".0.0"),
                        new OsvEvent(OsvEvent.Kind.FIXED, major + "." + random.nextInt(20) + "." + random.nextInt(9)))));
            }
            List<String> versions = random.nextInt(4) == 0 ? List.of("1.0.0", "1.0.1", "1.1.0") : List.of();
            affected.add(new OsvAffected(new OsvPackage(ecosystem, name(random.nextInt(NAMES_PER_ECOSYSTEM)),
                    Optional.empty()), ranges, versions, List.of(),
                    random.nextBoolean() ? Optional.of("HIGH") : Optional.empty()));
        }
        String cve = "CVE-" + (2000 + number % 25) + "-" + (10_000 + number);
        return new OsvRecord("BENCH-" + number, modified, Optional.of(modified.minusSeconds(86_400)),
                Optional.empty(), List.of(cve), List.of(), Optional.of("Synthetic advisory " + number + " for " + cve),
                List.of(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")), affected);
    }

    private static String name(int index) {
        return "package-" + index;
    }

    private static String option(List<String> options, String name, String fallback) {
        int at = options.indexOf(name);
        return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
    }
}
