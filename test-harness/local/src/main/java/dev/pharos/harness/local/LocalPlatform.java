package dev.pharos.harness.local;

import dev.pharos.engine.vuln.db.AdvisoryStore;
import dev.pharos.engine.vuln.db.ImportLimits;
import dev.pharos.engine.vuln.db.ImportReport;
import dev.pharos.engine.vuln.db.OsvImporter;
import dev.pharos.harness.Peers;
import dev.pharos.harness.TestPostgres;
import dev.pharos.harness.broker.ServiceRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions of Pharos on one machine: an embedded PostgreSQL (or PHAROS_TEST_DB_URL), and each function as its
 * own process configured like Knative would (database settings, {@code K_SINK} = the broker), registered under its
 * Knative Service name in a {@link ServiceRegistry} so the local broker delivers to it. Intake serves one endpoint,
 * {@value #ENDPOINT}, for a distribution registry, with a fresh bearer token; the api and the scanner are started with
 * {@link #launchScannerAndApi}, any other function with {@link #launch}.
 */
public final class LocalPlatform implements AutoCloseable {
    public static final String ENDPOINT = "local";
    public static final String INTAKE = "pharos-intake";
    public static final String SCANNER = "pharos-scanner";
    public static final String API = "pharos-api";

    private final URI broker;
    private final ServiceRegistry services;
    private final List<String> jvmOptions;
    private final TestPostgres postgres;
    private final String database;
    private final String token;
    private final String adminToken;
    private final Map<String, FunctionProcess> functions = new LinkedHashMap<>();

    private LocalPlatform(URI broker, ServiceRegistry services, List<String> jvmOptions) {
        this.broker = broker;
        this.services = services;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.postgres = TestPostgres.shared();
        this.database = postgres.createDatabase("pharos");
        this.token = secret();
        this.adminToken = secret();
    }

    private static String secret() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** A fresh database and intake, emitting to {@code broker}; intake is registered as {@value #INTAKE}. */
    public static LocalPlatform start(URI broker, ServiceRegistry services, List<String> jvmOptions) {
        LocalPlatform platform = new LocalPlatform(broker, services, jvmOptions);
        try {
            String prefix = "PHAROS_INTAKE_ENDPOINTS_" + ENDPOINT.toUpperCase();
            platform.launch(INTAKE, "intake", Map.of(prefix + "_KIND", "distribution",
                    prefix + "_BEARER_TOKEN", platform.token));
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Starts {@code functions/<module>} with the platform's database and broker settings plus {@code environment},
     * and registers it as Knative Service {@code serviceName}.
     */
    public FunctionProcess launch(String serviceName, String module, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(Map.of(
                "K_SINK", broker.toString(),
                "PHAROS_DB_HOST", postgres.host(),
                "PHAROS_DB_PORT", String.valueOf(postgres.port()),
                "PHAROS_DB_NAME", database,
                "PHAROS_DB_USER", postgres.user(),
                "PHAROS_DB_PASSWORD", postgres.password()));
        env.putAll(environment);
        FunctionProcess function = FunctionProcess.start(module, env, jvmOptions);
        functions.put(serviceName, function);
        services.register(serviceName, function.baseUri());
        return function;
    }

    /**
     * Starts the api (the broker's dead-letter sink, its advisory import guarded by {@link #adminToken()}), then the
     * scanner with its SBOMs in {@code sbomDirectory} plus {@code scannerEnvironment}: one after the other, so their
     * Flyway migrations of the shared database do not wait on each other's lock while both JVMs warm up.
     */
    public void launchScannerAndApi(Path sbomDirectory, Map<String, String> scannerEnvironment) {
        launch(API, "api", Map.of("PHAROS_API_ADMIN_TOKEN", adminToken));
        Map<String, String> scanner = new HashMap<>(Map.of("PHAROS_SCANNER_SBOM_STORE", "local",
                "PHAROS_SCANNER_SBOM_DIRECTORY", sbomDirectory.toAbsolutePath().toString()));
        scanner.putAll(scannerEnvironment);
        launch(SCANNER, "scanner", scanner);
    }

    /**
     * Imports an OSV directory (e.g. {@link DemoAdvisories#directory()}) or {@code all.zip} into the platform's
     * database, which a function's Flyway migrations must have created, and records the advisory generation the
     * scanner matches against.
     */
    public ImportReport importAdvisories(Path source) {
        Vertx vertx = Vertx.vertx();
        Pool pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port())
                        .setDatabase(database).setUser(postgres.user()).setPassword(postgres.password()))
                .using(vertx.getDelegate()).build());
        try {
            AdvisoryStore store = new AdvisoryStore(pool, Duration.ofSeconds(60));
            OsvImporter importer = new OsvImporter(store, ImportLimits.DEFAULTS);
            ImportReport report = Files.isDirectory(source) ? importer.importDirectory(source)
                    : importer.importZip(source);
            store.recordGeneration(source.toString(), report);
            return report;
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    public URI webhook() {
        return intake().baseUri().resolve("/webhooks/" + ENDPOINT);
    }

    public String token() {
        return token;
    }

    public String adminToken() {
        return adminToken;
    }

    public FunctionProcess intake() {
        return function(INTAKE);
    }

    public FunctionProcess scanner() {
        return function(SCANNER);
    }

    public FunctionProcess api() {
        return function(API);
    }

    /** The platform's database, e.g. for SQL checks: {@code TestPostgres.shared().jdbcUrl(database())}. */
    public String database() {
        return database;
    }

    private FunctionProcess function(String serviceName) {
        FunctionProcess function = functions.get(serviceName);
        if (function == null) {
            throw new IllegalStateException(serviceName + " is not launched");
        }
        return function;
    }

    @Override
    public void close() {
        functions.keySet().forEach(services::unregister);
        Peers.closeAll(functions.values().toArray(AutoCloseable[]::new));
    }
}
